/** Schedules: the workflow triggers this server fires (when it is the trigger leader). */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { SECURITY, type ServerContext } from '../context.js';
import { runJson } from '../../model/json.js';

export function registerScheduleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/v1/schedules', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['runs'],
      summary: 'Workflows this server schedules, their triggers, and each one\'s latest run',
      security: SECURITY,
      response: {
        200: Type.Object({
          leader: Type.Boolean({ description: 'whether this server fires triggers now (one leader per store)' }),
          schedules: Type.Array(
            Type.Object({
              workflow: Type.String(),
              triggers: Type.Array(Type.Object({ kind: Type.String(), value: Type.String(), timezone: Type.Optional(Type.String()), at: Type.String() })),
              lastRun: Type.Union([Type.Ref('Run'), Type.Null()]),
            }),
          ),
        }),
      },
    },
    handler: async () => {
      const schedules = await Promise.all(
        ctx.workflows.map(async (wf) => {
          const [last] = await ctx.engine.runs.list({ name: wf.name, limit: 1 });
          return {
            workflow: wf.name,
            triggers: wf.triggers.map((t) => ({ kind: t.kind, value: t.value, ...(t.timezone ? { timezone: t.timezone } : {}), at: t.at })),
            lastRun: last ? runJson(last) : null,
          };
        }),
      );
      return { leader: ctx.scheduler?.isLeader ?? false, schedules };
    },
  });
}
