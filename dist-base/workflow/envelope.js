/**
 * What a workflow task carries in its payload: the user's payload (rendered, or a template when
 * it reads upstream results) and what the worker needs to finish resolving it. The worker-side
 * wrapper (handlers.ts) unwraps it, so user handlers receive only their own payload.
 */
import { ENVELOPE_MARK, hasEnvelopeMark } from '../model/step.js';
export function isEnvelope(payload) {
    return hasEnvelopeMark(payload);
}
//# sourceMappingURL=envelope.js.map