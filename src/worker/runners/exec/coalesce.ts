import type { Json } from '../../../model/task.js';

/**
 * A process may report progress far faster than it is worth writing: while one write is in
 * flight, only the latest value waits to be written next. Each call resolves once the write
 * carrying its value (or a later one) is done.
 */
export function coalesced(write: (v: Json) => Promise<unknown>): (v: Json) => Promise<unknown> {
  let inFlight: Promise<unknown> | null = null;
  let next: { value: Json } | null = null;
  const pump = (): Promise<unknown> => {
    const v = next!.value;
    next = null;
    inFlight = write(v).finally(() => {
      inFlight = next ? pump() : null;
    });
    return inFlight;
  };
  return (v) => {
    next = { value: v };
    if (!inFlight) return pump();
    return inFlight.then(() => inFlight);
  };
}
