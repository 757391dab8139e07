/** What the commands that change a database share: the bounded wait for other writers, announced on stderr. */
import type { WriterOptions } from '../db/writer-lock.js';
import type { CliIO } from './io.js';

export const writerOptions = (io: CliIO, options: { wait: number }): WriterOptions => ({
  waitMs: Math.round(options.wait * 1000),
  onWait: (message) => io.stderr.write(`${message}\n`),
});
