/** Graph helpers over task ids and their `needs`. */
/** A cycle as a path that returns to its start (a -> b -> a), or null. Iterative: deep chains do not overflow the stack. */
export declare function findCycle(nodes: Array<{
    id: string;
    needs: string[];
}>): string[] | null;
/** Task ids in an order where every task comes after everything it needs. */
export declare function topoOrder(nodes: Array<{
    id: string;
    needs: string[];
}>): string[];
