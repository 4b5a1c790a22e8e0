// The producer of bench:fleet (not a bench itself), on the TypeScript API: offers RATE tasks/s,
// most in batches (enqueueMany of BATCH) and a share as single enqueues, paced every 10 ms. At
// most a bounded number of calls are in flight; what could not be offered meanwhile is counted
// as `behind` (the store is not keeping up). Every second one JSON line: offered, acknowledged
// and failed since the last line; on SIGTERM the totals.
//   node bench/fleet/producer.mjs DB_URL RATE BATCH SINGLES_SHARE
import { Taskframe } from '../../dist/index.js';

const [db, rateArg, batchArg, singlesArg] = process.argv.slice(2);
const rate = Number(rateArg);
const batch = Number(batchArg);
const singlesShare = Number(singlesArg);
// Calls in flight at most (singles are group-committed together, so many may wait at once).
const MAX_IN_FLIGHT = 2000;
const tf = await Taskframe.open({ db });
const totals = { offered: 0, acked: 0, failed: 0, behind: 0 };
let second = { offered: 0, acked: 0, failed: 0, behind: 0 };
let inFlight = 0;
const say = (o) => process.stdout.write(`${JSON.stringify({ ...o, at: Date.now() })}\n`);
const count = (k, n) => {
  totals[k] += n;
  second[k] += n;
};

function send(n, single) {
  inFlight++;
  count('offered', n);
  const t = Date.now();
  const call = single ? tf.enqueue('noop', { t }).then(() => 1) : tf.enqueueMany(Array.from({ length: n }, () => ({ name: 'noop', payload: { t } }))).then((r) => r.length);
  call.then(
    (k) => count('acked', k),
    () => count('failed', n),
  ).finally(() => inFlight--);
}

const started = Date.now();
let stopping = false;
const pace = setInterval(() => {
  if (stopping) return;
  let due = Math.floor((rate * (Date.now() - started)) / 1000 - totals.offered - totals.behind);
  // Singles first, their share of what is due; the rest in batches.
  let singles = Math.round(due * singlesShare);
  while (due > 0) {
    if (inFlight >= MAX_IN_FLIGHT) {
      // The store is not keeping up with the offered rate: skip, and say how much.
      count('behind', due);
      break;
    }
    const n = singles > 0 ? 1 : Math.min(batch, due);
    send(n, singles > 0);
    if (singles > 0) singles--;
    due -= n;
  }
}, 10);
const tick = setInterval(() => {
  say(second);
  second = { offered: 0, acked: 0, failed: 0, behind: 0 };
}, 1000);
say({ ready: true });
process.once('SIGTERM', async () => {
  stopping = true;
  clearInterval(pace);
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 10));
  clearInterval(tick);
  say(second);
  await tf.close();
  say({ totals });
  process.exit(0);
});
