export interface Asset {
    type: string;
    body: Buffer;
}
export declare function dashboardDir(): string;
export declare function loadDashboard(dir?: string): Map<string, Asset>;
