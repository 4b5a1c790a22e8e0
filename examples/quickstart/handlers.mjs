// Handlers for the quick start: the default export maps task names to functions.
// `taskframe worker --module examples/quickstart/handlers.mjs` serves exactly these.
import { setTimeout as sleep } from 'node:timers/promises';

export default {
  // An ordinary task: returns a result.
  thumbnail: async ({ image, width }) => {
    await sleep(5);
    return { thumbnail: `${image.replace(/\.\w+$/, '')}-${width}w.webp` };
  },

  // Fails on its first attempt, succeeds on the retry (backoff in between).
  'fetch-rates': async (payload, ctx) => {
    if (ctx.attempt === 1) throw new Error('upstream answered 503');
    return { EURUSD: 1.09, attempts: ctx.attempt };
  },

  // Ignores nothing: stops as soon as its abort signal fires (here, on its timeout).
  'slow-report': async (payload, ctx) => {
    await sleep(60_000, undefined, { signal: ctx.signal });
    return 'never reached';
  },
};
