// Handlers for subtasks.yaml. `tree` spawns `fanout` children of depth-1 until depth 1.
export const handlers = {
  async tree(payload, ctx) {
    const { depth, fanout } = payload;
    if (depth > 1) {
      for (let i = 0; i < fanout; i++) await ctx.spawn('tree', { depth: depth - 1, fanout });
    }
    return { depth, leaves: depth > 1 ? 0 : 1 };
  },
  summarize(payload) {
    return payload.children.length;
  },
};
export default handlers;
