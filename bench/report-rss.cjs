// Preloaded into the processes the benchmark and the memory tests run (NODE_OPTIONS=--require,
// so the processes they start load it too): on exit, appends the process's script and its peak
// resident set size in kilobytes to $CODEBOOK_BENCH_RSS_FILE, one line per process.
'use strict';
const { appendFileSync } = require('node:fs');
const { basename } = require('node:path');

process.on('exit', () => {
  const file = process.env.CODEBOOK_BENCH_RSS_FILE;
  if (file) appendFileSync(file, `${basename(process.argv[1] ?? 'node')} ${process.resourceUsage().maxRSS}\n`);
});
