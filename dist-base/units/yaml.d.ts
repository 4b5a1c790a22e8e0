import type { UnitEntry, UnitSection } from './entries.js';
export declare function parseYamlUnit(text: string, file: string): {
    entries: UnitEntry[];
    sections: UnitSection[];
    name: string | null;
};
