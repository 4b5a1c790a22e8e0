import { rowToRun, rowToTask } from '../rows.js';
import { ENVELOPE_MARK } from '../../model/step.js';
/** SQLite caps bound parameters per statement; id lists go in chunks of this. */
const CHUNK = 500;
function chunks(xs) {
    const out = [];
    for (let i = 0; i < xs.length; i += CHUNK)
        out.push(xs.slice(i, i + CHUNK));
    return out;
}
export function taskGetMany(db, ids) {
    const out = [];
    for (const c of chunks(ids)) {
        const marks = c.map(() => '?').join(',');
        const rows = db.prepare(`SELECT * FROM tasks WHERE id IN (${marks}) UNION ALL SELECT * FROM tasks_done WHERE id IN (${marks})`).all(...c, ...c);
        for (const r of rows)
            out.push(rowToTask(r));
    }
    return out;
}
export function taskLabelList(db, ids) {
    const out = [];
    for (const c of chunks(ids)) {
        const marks = c.map(() => '?').join(',');
        const rows = db
            .prepare(`SELECT id, name, queue, run_id FROM tasks WHERE id IN (${marks}) UNION ALL SELECT id, name, queue, run_id FROM tasks_done WHERE id IN (${marks})`)
            .all(...c, ...c);
        for (const r of rows)
            out.push({ id: String(r.id), name: r.name, queue: r.queue, runId: r.run_id });
    }
    return out;
}
/** `$."a"[0]."b"`: a JSON path SQLite reads, every key quoted (keys may hold dashes). */
export function sqlitePath(path) {
    return `$${path.map((k) => (typeof k === 'number' ? `[${k}]` : `."${k.replace(/"/g, '""')}"`)).join('')}`;
}
/**
 * `col -> path` is the field's JSON text ('42', '"x"', 'true', 'null'), compared with the value's
 * JSON text: payloads are written by JSON.stringify, whose numbers and strings have one spelling.
 */
function jsonFieldSql(col, m, args, envelope) {
    const want = JSON.stringify(m.value);
    args.push(sqlitePath(m.path), want);
    const direct = `${col} -> ? = ?`;
    if (!envelope)
        return direct;
    args.push(`$."${ENVELOPE_MARK}"`, sqlitePath(['payload', ...m.path]), want);
    return `(${direct} OR (${col} ->> ? = 1 AND ${col} -> ? = ?))`;
}
export function taskSearch(db, p) {
    const sel = [];
    const selArgs = [];
    if (p.states?.length)
        (sel.push(`state IN (${p.states.map(() => '?').join(',')})`), selArgs.push(...p.states));
    if (p.queue !== undefined)
        (sel.push('queue = ?'), selArgs.push(p.queue));
    if (p.name !== undefined)
        (sel.push('name = ?'), selArgs.push(p.name));
    if (p.parentId !== undefined)
        (sel.push('parent_id = ?'), selArgs.push(p.parentId));
    if (p.runId !== undefined)
        (sel.push('run_id = ?'), selArgs.push(p.runId));
    if (p.beforeId !== undefined)
        (sel.push('id < ?'), selArgs.push(p.beforeId));
    const chk = [];
    const chkArgs = [];
    if (p.namePrefix !== undefined)
        (chk.push('substr(name, 1, ?) = ?'), chkArgs.push(p.namePrefix.length, p.namePrefix));
    if (p.tag !== undefined)
        (chk.push('EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)'), chkArgs.push(p.tag));
    if (p.createdAfter !== undefined)
        (chk.push('created_at >= ?'), chkArgs.push(p.createdAfter));
    if (p.createdBefore !== undefined)
        (chk.push('created_at < ?'), chkArgs.push(p.createdBefore));
    if (p.payload !== undefined)
        chk.push(jsonFieldSql('payload', p.payload, chkArgs, true));
    // Spelled out so SQLite can use the partial index of unsuccessful finished tasks.
    const selDone = p.states?.length && !p.states.includes('succeeded') ? [...sel, "state <> 'succeeded'"] : sel;
    const where = (xs) => (xs.length ? `WHERE ${xs.join(' AND ')}` : '');
    const union = (cols, live, done, limit) => `SELECT * FROM (SELECT ${cols} FROM tasks ${where(live)} ORDER BY id DESC LIMIT ${limit})
     UNION ALL SELECT * FROM (SELECT ${cols} FROM tasks_done ${where(done)} ORDER BY id DESC LIMIT ${limit})`;
    if (chk.length === 0) {
        const rows = db.prepare(`${union('*', sel, selDone, '?')} ORDER BY id DESC LIMIT ?`).all(...selArgs, p.limit, ...selArgs, p.limit, p.limit);
        return { tasks: rows.map(rowToTask), scanned: null, scanFloorId: null };
    }
    const window = db
        .prepare(`SELECT count(*) AS n, min(id) AS floor FROM (SELECT id FROM (${union('id', sel, selDone, '?')}) ORDER BY id DESC LIMIT ?)`)
        .get(...selArgs, p.scanLimit, ...selArgs, p.scanLimit, p.scanLimit);
    if (window.n === 0)
        return { tasks: [], scanned: 0, scanFloorId: null };
    const full = window.n >= p.scanLimit;
    const inWindow = [...chk, 'id >= ?'];
    const args = [...chkArgs, window.floor];
    const rows = db
        .prepare(`${union('*', [...sel, ...inWindow], [...selDone, ...inWindow], '?')} ORDER BY id DESC LIMIT ?`)
        .all(...selArgs, ...args, p.limit, ...selArgs, ...args, p.limit, p.limit);
    return { tasks: rows.map(rowToTask), scanned: window.n, scanFloorId: full ? String(window.floor) : null };
}
export function runSearch(db, p) {
    const sel = [];
    const selArgs = [];
    if (p.name !== undefined)
        (sel.push('name = ?'), selArgs.push(p.name));
    if (p.states?.length)
        (sel.push(`state IN (${p.states.map(() => '?').join(',')})`), selArgs.push(...p.states));
    if (p.before !== undefined)
        (sel.push('(created_at, id) < (?, ?)'), selArgs.push(p.before.createdAt, p.before.id));
    const chk = [];
    const chkArgs = [];
    if (p.namePrefix !== undefined)
        (chk.push('substr(name, 1, ?) = ?'), chkArgs.push(p.namePrefix.length, p.namePrefix));
    if (p.createdAfter !== undefined)
        (chk.push('created_at >= ?'), chkArgs.push(p.createdAfter));
    if (p.createdBefore !== undefined)
        (chk.push('created_at < ?'), chkArgs.push(p.createdBefore));
    if (p.inputs !== undefined)
        chk.push(jsonFieldSql('inputs', p.inputs, chkArgs, false));
    const where = (xs) => (xs.length ? `WHERE ${xs.join(' AND ')}` : '');
    if (chk.length === 0) {
        const rows = db.prepare(`SELECT * FROM runs ${where(sel)} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...selArgs, p.limit);
        return { runs: rows.map(rowToRun), scanned: null, scanFloor: null };
    }
    // The window: the scanLimit newest runs the indexed filters select; its size and its oldest run.
    const window = db
        .prepare(`SELECT count(*) OVER () AS n, created_at, id FROM (SELECT created_at, id FROM runs ${where(sel)} ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at, id LIMIT 1`)
        .get(...selArgs, p.scanLimit);
    if (!window)
        return { runs: [], scanned: 0, scanFloor: null };
    const floor = { createdAt: Number(window.created_at), id: window.id };
    const rows = db
        .prepare(`SELECT * FROM runs ${where([...sel, ...chk, '(created_at, id) >= (?, ?)'])} ORDER BY created_at DESC, id DESC LIMIT ?`)
        .all(...selArgs, ...chkArgs, floor.createdAt, floor.id, p.limit);
    return { runs: rows.map(rowToRun), scanned: window.n, scanFloor: window.n >= p.scanLimit ? floor : null };
}
//# sourceMappingURL=search.js.map