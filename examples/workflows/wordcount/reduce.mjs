// Reduce step: receives every map result, in file order, as JSON on stdin.
let input = '';
process.stdin.on('data', (d) => (input += d)).on('end', () => {
  const { files, counts } = JSON.parse(input);
  const perFile = Object.fromEntries(files.map((f, i) => [f, counts[i]]));
  console.log(JSON.stringify({ total: counts.reduce((a, b) => a + b, 0), perFile }));
});
