/** Parsers for option values: each rejects bad input with a ValidationError naming the option. */
import { ValidationError } from '../model/errors.js';
import { isTaskState, TASK_STATES } from '../model/state.js';
export function parseJsonOption(text, option) {
    try {
        return JSON.parse(text);
    }
    catch (err) {
        throw new ValidationError(option, `is not JSON: ${err.message}`);
    }
}
export function parseIntOption(text, option) {
    if (!/^-?\d+$/.test(text.trim()))
        throw new ValidationError(option, `must be an integer, got "${text}"`);
    return Number(text);
}
export function parseStates(text, option = '--state') {
    return text.split(',').map((s) => {
        const v = s.trim();
        if (!isTaskState(v))
            throw new ValidationError(option, `unknown state "${v}" (one of: ${TASK_STATES.join(', ')})`);
        return v;
    });
}
export function parseList(text) {
    return text.split(',').map((s) => s.trim()).filter(Boolean);
}
//# sourceMappingURL=parse.js.map