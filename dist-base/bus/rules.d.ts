import { type EnqueueSpec } from '../model/spec.js';
import type { Json } from '../model/task.js';
export interface Rule {
    name: string;
    when: {
        type: string;
        result: 'complete' | 'error' | 'any';
    };
    create: EnqueueSpec;
}
export declare function parseRules(text: string, file?: string): Rule[];
export declare function fillTemplate(value: unknown, done: Record<string, Json>): Json;
/** The tasks a done message calls for, each with its dedup key. */
export declare function tasksFor(rules: Rule[], done: Record<string, Json>, doneId: string): Array<{
    rule: string;
    spec: EnqueueSpec;
}>;
