// Preloaded into the CLI processes the benchmark runs (node --require): on exit, writes the
// process's peak resident set size, in kilobytes, to $CODEBOOK_BENCH_RSS_FILE.
'use strict';
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.CODEBOOK_BENCH_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
