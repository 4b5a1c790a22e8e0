export declare function humanLine(json: string): string;
