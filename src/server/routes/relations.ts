/** A task's neighbours for the console's links: its parent, the tasks it depends on, its children. */
import { Type } from '../../vendor/typebox.js';
import type { FastifyInstance } from 'fastify';
import { stepOf } from '../../model/step.js';
import type { Task } from '../../model/task.js';
import { SECURITY, type ServerContext } from '../context.js';
import { IdParams, errorResponses } from '../schemas.js';

/** Children listed at most; the reply says how many more there are (up to CHILDREN_COUNTED). */
const CHILDREN_LISTED = 50;
const CHILDREN_COUNTED = 1000;

const Related = Type.Object({ id: Type.String(), name: Type.String(), step: Type.Union([Type.String(), Type.Null()]), state: Type.String(), queue: Type.String() });
const related = (t: Task) => ({ id: t.id, name: t.name, step: stepOf(t), state: t.state, queue: t.queue });

export function registerRelationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { engine } = ctx;
  app.get('/v1/tasks/:id/relations', {
    config: { scopes: ['producer'] },
    schema: {
      tags: ['tasks'],
      summary: "A task's parent, the tasks it depends on, and its first children",
      security: SECURITY,
      params: IdParams,
      response: {
        200: Type.Object({
          parent: Type.Union([Related, Type.Null()]),
          dependencies: Type.Array(Related),
          children: Type.Array(Related, { description: `the first ${CHILDREN_LISTED}, oldest first` }),
          childrenMore: Type.Integer({ description: `children not listed (counted up to ${CHILDREN_COUNTED})` }),
        }),
        ...errorResponses(404),
      },
    },
    handler: async (req) => {
      const id = (req.params as { id: string }).id;
      const task = await engine.get(id);
      const deps = await engine.deps([id]);
      const [parent, dependencies, children] = await Promise.all([
        task.parentId ? engine.find(task.parentId) : Promise.resolve(null),
        engine.inspect.getMany(deps.map((d) => d.depId)),
        engine.inspect.tasks({ parentId: id }, { limit: CHILDREN_COUNTED }),
      ]);
      const kids = [...children.items].reverse();
      return {
        parent: parent ? related(parent) : null,
        dependencies: dependencies.map(related),
        children: kids.slice(0, CHILDREN_LISTED).map(related),
        childrenMore: Math.max(0, kids.length - CHILDREN_LISTED),
      };
    },
  });
}
