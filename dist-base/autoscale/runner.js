/**
 * The autoscaler: every interval, under the store's leader lease, it samples each group, asks
 * the policy for a count, asks the group's provider for it, and records the decision with its
 * inputs and the provider's answer. Several may run against one store; one acts. A new leader
 * reads the record and continues from it (count, cool-down, moving averages). A provider's
 * failure is recorded and logged; the next pass decides again.
 *
 *   const config = autoscaleConfig(loadConfig({ file: 'taskframe.yaml' }).values);
 *   const autoscaler = new Autoscaler(tf.engine, { config, db: 'sqlite:./app.db' }).start();
 *   …
 *   autoscaler.reconfigure(next);   // a reload: new policies (and history) from the next pass on
 *   await autoscaler.stop();   // stops local workers gracefully, resigns
 */
import { EventEmitter } from 'node:events';
import { createLogger } from '../logger.js';
import { ValidationError } from '../model/errors.js';
import { Periodic } from '../scheduler/periodic.js';
import { defaultWorkerId } from '../worker/worker.js';
import { decide } from './policy.js';
import { countWorkers } from './provider.js';
import { createProvider } from './providers/index.js';
import { nextGroupRecord, RECORD_VERSION } from './record.js';
import { AutoscaleAccess } from './engine-access.js';
export class Autoscaler extends EventEmitter {
    engine;
    holderId;
    config;
    access;
    providers = new Map();
    log;
    loop;
    isLeader = false;
    constructor(engine, options) {
        super();
        this.engine = engine;
        this.config = options.config;
        this.holderId = options.holderId ?? options.config.id ?? defaultWorkerId();
        this.access = new AutoscaleAccess(engine);
        this.log = (options.logger ?? createLogger()).child({ component: 'autoscale', holder: this.holderId });
        for (const g of this.config.groups) {
            this.providers.set(g.name, options.providerFor ? options.providerFor(g) : createProvider({ group: g, db: options.db ?? '', logger: this.log }));
        }
        this.loop = new Periodic(this.config.intervalMs, () => this.runOnce(), (err) => {
            this.log.error({ err }, 'autoscale pass failed');
            if (this.listenerCount('error') > 0)
                this.emit('error', err);
        });
    }
    /**
     * A reloaded configuration: each group's policy and the history kept take effect from the next
     * pass (a pass under way finishes with the old ones). What a group is — its name, queues and
     * provider — and the loop's timing stay as started: a change there is refused, and needs a restart.
     */
    reconfigure(next) {
        const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
        const shape = (c) => c.groups.map((g) => ({ name: g.name, queues: g.queues, provider: g.provider, concurrency: g.policy.concurrency }));
        if (!same(shape(next), shape(this.config)) || next.intervalMs !== this.config.intervalMs || next.leaderTtlMs !== this.config.leaderTtlMs) {
            throw new ValidationError('autoscale', 'only the groups\' policies and history change while the autoscaler runs; groups, queues, concurrency, providers, interval and leaderTtl need a restart');
        }
        const changed = next.groups.filter((g, i) => !same(g.policy, this.config.groups[i].policy)).map((g) => g.name);
        this.config = { ...this.config, history: next.history, groups: next.groups };
        if (changed.length)
            this.log.info({ groups: changed }, 'autoscale policy reloaded');
    }
    provider(group) {
        return this.providers.get(group);
    }
    start() {
        this.loop.start();
        return this;
    }
    /** Stops deciding; local workers are stopped gracefully; leadership is given up for the next instance. */
    async stop() {
        await this.loop.stop();
        await Promise.all([...this.providers.values()].map((p) => p.close().catch((err) => this.log.error({ err }, 'closing provider failed'))));
        if (this.isLeader)
            await this.access.resign(this.holderId).catch(() => undefined);
        this.isLeader = false;
    }
    /** One pass: take or keep leadership; as leader, decide every group, act, and record. */
    async runOnce() {
        const leader = await this.access.elect(this.holderId, this.config.leaderTtlMs);
        if (leader !== this.isLeader) {
            this.isLeader = leader;
            if (leader) {
                this.log.info('became autoscale leader');
                this.emit('leader', this.holderId);
            }
            else {
                this.log.info('lost autoscale leadership');
                this.emit('follower');
                await Promise.all([...this.providers.values()].map((p) => p.release().catch(() => undefined)));
            }
        }
        if (!leader)
            return { leader: false, decisions: {} };
        const { raw, record } = await this.access.read();
        const now = this.engine.clock.now();
        const groups = {};
        // A provider may take long (a command retried with backoff): the lease is kept meanwhile.
        const renew = setInterval(() => void this.access.elect(this.holderId, this.config.leaderTtlMs).catch(() => undefined), Math.max(100, Math.floor(this.config.leaderTtlMs / 3)));
        renew.unref();
        try {
            await Promise.all(this.config.groups.map(async (g) => (groups[g.name] = await this.decideGroup(g, record?.groups[g.name], now))));
        }
        finally {
            clearInterval(renew);
        }
        // Fencing: still the leader, and nobody wrote the record since it was read.
        const still = await this.access.elect(this.holderId, this.config.leaderTtlMs);
        const next = { version: RECORD_VERSION, leader: this.holderId, updatedAt: now, intervalMs: this.config.intervalMs, groups };
        if (!still || !(await this.access.write(next, raw))) {
            this.log.warn('the autoscale record changed under this leader; this pass is not recorded');
            this.emit('conflict');
            return { leader: still, decisions: groups };
        }
        for (const g of this.config.groups)
            this.emit('decision', g.name, groups[g.name].last, groups[g.name]);
        return { leader: true, decisions: groups };
    }
    async decideGroup(g, prev, now) {
        const provider = this.providers.get(g.name);
        const prior = prev?.state ?? null;
        // Completions since the last pass; the first time, over one smoothing period.
        const since = prior?.prevAt != null && prior.prevAt < now ? prior.prevAt : now - g.policy.smoothingMs;
        const sample = await this.access.sample({ queues: g.queues, now, since, lookaheadMs: g.policy.lookaheadMs });
        let error = null;
        let workers = await provider.list().catch((err) => {
            error = err.message;
            return null;
        });
        const counts = countWorkers(workers);
        const { state, decision } = decide(g.policy, prior, sample, counts?.running ?? null);
        // Ask when the count differs from what runs (or asking failed last time, or we cannot see).
        const active = counts === null ? null : counts.running + counts.starting;
        if (error === null && (active === null || active !== decision.desired || prev?.providerError != null)) {
            workers = await provider.scale({ group: g.name, queues: g.queues, desired: decision.desired, reason: decision.reason, decision }).catch((err) => {
                error = err.message;
                return workers;
            });
        }
        if (error !== null)
            this.log.error({ group: g.name, desired: decision.desired, err: error }, 'autoscale provider failed');
        else if (decision.desired !== decision.from)
            this.log.info({ group: g.name, from: decision.from, desired: decision.desired, rule: decision.rule }, decision.reason);
        return nextGroupRecord(prev, { queues: g.queues, provider: provider.type, lookaheadMs: g.policy.lookaheadMs, state, decision, workers: countWorkers(workers), error, keep: this.config.history });
    }
}
//# sourceMappingURL=runner.js.map