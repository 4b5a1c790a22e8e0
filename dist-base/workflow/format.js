/** Task names of the machinery every workflow run uses; workers need these handlers. */
export const INTERNAL = {
    command: 'taskframe.command',
    foreach: 'taskframe.workflow.foreach',
    onFailure: 'taskframe.workflow.on_failure',
    finish: 'taskframe.workflow.finish',
};
export const INTERNAL_NAMES = [INTERNAL.foreach, INTERNAL.onFailure, INTERNAL.finish];
//# sourceMappingURL=format.js.map