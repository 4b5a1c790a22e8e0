import { TaskframeError } from '../../model/errors.js';
/** Every store method that writes: all of them run on the writer thread's one connection. */
export const WRITE_METHODS = ['writeBatch', 'taskSetMaxAttempts', 'logAppend', 'runInsert', 'runUpdate', 'queueSetPaused', 'flowLimitSet', 'flowLimitRemove', 'flowPauseSet', 'cursorSet', 'retentionPurge', 'leaderElect', 'leaderResign'];
export function serializeError(err) {
    if (err instanceof TaskframeError)
        return { name: err.name, message: err.message, code: err.code, context: err.context, stack: err.stack };
    if (err instanceof Error)
        return { name: err.name, message: err.message, code: err.code, stack: err.stack };
    return { name: 'Error', message: String(err) };
}
export function deserializeError(e) {
    if (e.code && e.context !== undefined) {
        const err = new TaskframeError(e.code, e.message, e.context);
        err.name = e.name;
        return err;
    }
    const err = new Error(e.message);
    err.name = e.name;
    if (e.code)
        err.code = e.code;
    return err;
}
//# sourceMappingURL=thread-protocol.js.map