/** The plain claim's guard: no rule and no name/run pause exists (else the flow-aware claim, flow.ts, runs). */
export const FLOW_OFF = `NOT EXISTS (SELECT 1 FROM flow_limits) AND NOT EXISTS (SELECT 1 FROM flow_pauses WHERE kind IN ('name', 'run'))`;
//# sourceMappingURL=flow-off.js.map