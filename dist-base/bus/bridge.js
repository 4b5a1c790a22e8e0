/**
 * A bridge: one bus, and any of ingress (tasks in), outbox (done messages and events out) and
 * taskmaster rules, over one engine. `taskframe bridge` is this; a server can start the same
 * from its config (the `bridge` section has these fields).
 */
import fs from 'node:fs';
import { ValidationError } from '../model/errors.js';
import { validateTopic } from './bus.js';
import { Ingress } from './ingress.js';
import { openBus } from './open.js';
import { Outbox } from './outbox.js';
import { parseRules } from './rules.js';
import { BusTaskmaster, StoreTaskmaster } from './taskmaster.js';
const CONFIG_KEYS = new Set(['bus', 'in', 'out', 'events', 'dead', 'types', 'queue', 'rules', 'rulesVia', 'name', 'from', 'maxBytes']);
/** Checks a bridge section from a config file (`field` names where it is, for the error). */
export function validateBridgeConfig(value, field) {
    if (!value || typeof value !== 'object' || Array.isArray(value))
        throw new ValidationError(field, 'must be an object like {"bus": "nats://…", "in": "tasks", "out": "done"}');
    const v = value;
    for (const k of Object.keys(v))
        if (!CONFIG_KEYS.has(k))
            throw new ValidationError(`${field}.${k}`, `unknown setting (known: ${[...CONFIG_KEYS].join(', ')})`);
    if (typeof v.bus !== 'string' || !v.bus)
        throw new ValidationError(`${field}.bus`, 'must be a bus URL (nats://, amqp://, redis://, file:)');
    for (const k of ['in', 'out', 'events', 'dead'])
        if (v[k] !== undefined)
            validateTopic(v[k], `${field}.${k}`);
    for (const k of ['queue', 'rules', 'name']) {
        if (v[k] !== undefined && typeof v[k] !== 'string')
            throw new ValidationError(`${field}.${k}`, 'must be a string');
    }
    if (v.types !== undefined && (!Array.isArray(v.types) || !v.types.every((t) => typeof t === 'string')))
        throw new ValidationError(`${field}.types`, 'must be an array of task types');
    if (v.rulesVia !== undefined && v.rulesVia !== 'store' && v.rulesVia !== 'bus')
        throw new ValidationError(`${field}.rulesVia`, 'must be "store" or "bus"');
    if (v.from !== undefined && v.from !== 'end' && v.from !== 'beginning')
        throw new ValidationError(`${field}.from`, 'must be "end" or "beginning"');
    if (v.maxBytes !== undefined && (!Number.isInteger(v.maxBytes) || v.maxBytes < 1))
        throw new ValidationError(`${field}.maxBytes`, 'must be a positive integer');
    if (!v.in && !v.out && !v.events && !v.rules)
        throw new ValidationError(field, 'nothing to do: give in, out, events or rules');
    return v;
}
export async function startBridge(engine, cfg, logger) {
    if (!cfg.in && !cfg.out && !cfg.events && !cfg.rules)
        throw new ValidationError('bridge', 'nothing to do: give --in, --out, --events or --rules');
    if (cfg.rulesVia === 'bus' && !cfg.out)
        throw new ValidationError('--rules-via', '"bus" reads done messages from --out; give --out too');
    if (cfg.rulesVia !== undefined && cfg.rulesVia !== 'bus' && cfg.rulesVia !== 'store')
        throw new ValidationError('--rules-via', `must be "store" or "bus", got "${cfg.rulesVia}"`);
    // Checked before the bus is opened, so bad options leave nothing behind (not even a file-bus directory).
    if (cfg.in)
        validateTopic(cfg.in, '--in');
    if (cfg.out)
        validateTopic(cfg.out, '--out');
    if (cfg.events)
        validateTopic(cfg.events, '--events');
    if (cfg.dead)
        validateTopic(cfg.dead, '--dead');
    let rules = null;
    if (cfg.rules) {
        let text;
        try {
            text = fs.readFileSync(cfg.rules, 'utf8');
        }
        catch (err) {
            throw new ValidationError('--rules', `cannot read ${cfg.rules}: ${err.message}`);
        }
        rules = parseRules(text, cfg.rules);
    }
    const name = cfg.name ?? 'default';
    const bus = await openBus(cfg.bus, { name: `taskframe-bridge-${name}` });
    const parts = [];
    try {
        const ingress = cfg.in
            ? await new Ingress({ bus, engine, topic: cfg.in, deadTopic: cfg.dead, acceptTypes: cfg.types, queue: cfg.queue, maxBytes: cfg.maxBytes, group: `taskframe-ingress-${name}`, logger }).start()
            : null;
        if (ingress)
            parts.push(ingress);
        const outbox = cfg.out || cfg.events ? new Outbox({ bus, engine, doneTopic: cfg.out, eventsTopic: cfg.events, name, from: cfg.from, logger }).start() : null;
        if (outbox)
            parts.push(outbox);
        let taskmaster = null;
        if (rules) {
            taskmaster =
                cfg.rulesVia === 'bus'
                    ? await new BusTaskmaster({ bus, rules, doneTopic: cfg.out, engine, group: `taskframe-taskmaster-${name}`, logger }).start()
                    : new StoreTaskmaster({ engine, rules, name, logger }).start();
            parts.push(taskmaster);
        }
        return {
            bus,
            ingress,
            outbox,
            taskmaster,
            stop: async () => {
                for (const p of parts.reverse())
                    await p.stop();
                await bus.close();
            },
        };
    }
    catch (err) {
        for (const p of parts.reverse())
            await p.stop().catch(() => undefined);
        await bus.close().catch(() => undefined);
        throw err;
    }
}
//# sourceMappingURL=bridge.js.map