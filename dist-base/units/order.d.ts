export interface OrderNode {
    name: string;
    file: string;
    requires: string[];
    after: string[];
    /** Where each name was written (units read from files have them). */
    refs?: Array<{
        kind: 'requires' | 'after';
        name: string;
        written: string;
        at: string;
    }>;
}
/** The units to run for `name`, dependencies first, `name` last. */
export declare function runOrder(units: ReadonlyMap<string, OrderNode>, name: string): string[];
/** Checks every unit's order once, so a cycle or a missing requirement fails at load time. */
export declare function checkAllOrders(units: ReadonlyMap<string, OrderNode>): void;
/** After= names that are no unit of the set: each a warning with its file:line, never an error. */
export declare function orderWarnings(units: ReadonlyMap<string, OrderNode>): string[];
