// One clock for every process in a run. CLOCK_MONOTONIC (process.hrtime) is system-wide on Linux,
// so a timestamp taken in the producer and one taken in a worker process can be subtracted;
// performance.now() cannot (each process has its own origin).
export const monoMs = () => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns true, or throws after `timeoutMs`. */
export async function until(check, { everyMs = 2, timeoutMs = 120_000, what = 'condition' } = {}) {
  const deadline = monoMs() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (monoMs() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
