#!/usr/bin/env node
import { runCli } from './program.js';

// A reader that stops reading (`codebook query … | head`) closes the pipe: what is left to write
// has nowhere to go, and the command ends there, quietly, as a shell tool does.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2));
