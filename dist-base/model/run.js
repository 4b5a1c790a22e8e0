export const RUN_STATES = ['running', 'succeeded', 'failed', 'cancelled'];
/** A run in one of these has ended and never changes again. */
export const FINISHED_RUN_STATES = ['succeeded', 'failed', 'cancelled'];
export function isRunState(s) {
    return RUN_STATES.includes(s);
}
//# sourceMappingURL=run.js.map