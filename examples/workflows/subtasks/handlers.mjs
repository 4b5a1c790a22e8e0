// Handlers for subtasks.yaml. `tree` spawns `fanout` children of depth-1 until depth 1.
// A handler gets (payload, ctx); its own task is ctx.task (ctx.task.id, ctx.task.runId, …).
// Each child's dedupKey is made of the parent's id and the child's position: if this task runs
// again (its worker died after spawning some children), the children it already made are
// returned instead of being made twice. A key made of a value that is not there (payload.id is
// undefined here) is refused: "undefined:0" would be the same key in every parent.
export const handlers = {
  async tree(payload, ctx) {
    const { depth, fanout } = payload;
    if (depth > 1) {
      for (let i = 0; i < fanout; i++) await ctx.spawn('tree', { depth: depth - 1, fanout }, { dedupKey: `tree:${ctx.task.id}:${i}` });
    }
    return { depth, leaves: depth > 1 ? 0 : 1 };
  },
  summarize(payload) {
    return payload.children.length;
  },
};
export default handlers;
