/** What the commands that change a database share: the bounded wait for other writers, announced on stderr. */
import type { WriterOptions } from '../db/writer-lock.js';

export const writerOptions = (options: { wait: number }): WriterOptions => ({
  waitMs: Math.round(options.wait * 1000),
  onWait: (message) => process.stderr.write(`${message}\n`),
});
