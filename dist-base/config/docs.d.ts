export declare function configurationMarkdown(): string;
