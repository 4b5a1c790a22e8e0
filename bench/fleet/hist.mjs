// A latency histogram small enough to send every second: 1 ms buckets below 100 ms, 10 ms
// below 1 s, 100 ms below 10 s, one bucket above.
export function bucketOf(ms) {
  if (ms < 0) return 0;
  if (ms < 100) return Math.floor(ms);
  if (ms < 1000) return 100 + Math.floor((ms - 100) / 10);
  if (ms < 10_000) return 190 + Math.floor((ms - 1000) / 100);
  return 280;
}

/** The upper edge of a bucket, in ms. */
export function bucketMs(b) {
  if (b < 100) return b + 1;
  if (b < 190) return 100 + (b - 100 + 1) * 10;
  if (b < 280) return 1000 + (b - 190 + 1) * 100;
  return Infinity;
}

export function merge(into, from) {
  for (const [b, n] of Object.entries(from)) into[b] = (into[b] ?? 0) + n;
  return into;
}

export function quantile(hist, q) {
  const entries = Object.entries(hist).map(([b, n]) => [Number(b), n]).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return NaN;
  let seen = 0;
  for (const [b, n] of entries) {
    seen += n;
    if (seen >= q * total) return bucketMs(b);
  }
  return Infinity;
}
