import { ValidationError } from '../model/errors.js';
/** A task id is decimal digits (SQLite integer, PostgreSQL bigint); anything else is refused before the store sees it. */
export function checkId(id) {
    const s = String(id);
    if (!/^\d{1,19}$/.test(s))
        throw new ValidationError('id', `"${s}" is not a task id`);
    return s;
}
//# sourceMappingURL=ids.js.map