/** Above every priority a task can have (model/spec.ts): the first level read is the highest. */
const ABOVE_ALL = Number.MAX_SAFE_INTEGER;
/** Calls `take(priority, room)` for each level until it has taken `limit` in all; `take` says how many it took. */
export function byLevel(s, queue, limit, take) {
    let below = ABOVE_ALL;
    let room = limit;
    while (room > 0) {
        const level = s.priorityBelow.get({ q: queue, below }).prio;
        if (level === null)
            return;
        room -= take(level, room);
        below = level;
    }
}
//# sourceMappingURL=levels.js.map