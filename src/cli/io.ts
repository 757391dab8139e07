/**
 * Where the commands write and read: the process's own streams when codebook runs, buffers when
 * the tests run it in process (as click's CliRunner does for sqlite-utils).
 */
import { readSync } from 'node:fs';
import { CliError } from './failure.js';

/** A stream the commands write text to; waiting for `drain` when it says it is full. */
export interface Output {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  /** A terminal: only then is a progress bar drawn. */
  readonly isTTY?: boolean;
}

export interface CliIO {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Standard input, read whole (`codebook query -`); a CliError past `maxBytes`. */
  readStdin(maxBytes: number): string;
}

export const processIO: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: (maxBytes) => readLimited(0, maxBytes, 'standard input'),
};

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The text read from `fd` to its end, as UTF-8; a CliError, having read no more than `maxBytes`
 * and a chunk, when there is more (`/dev/zero` would otherwise be read until memory runs out).
 */
export function readLimited(fd: number, maxBytes: number, what: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk);
    } catch (e) {
      // A non-blocking standard input (a pipe a parent set so) has nothing yet: wait for it.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        pause(10);
        continue;
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) throw new CliError(`${what} is over the limit of ${maxBytes.toLocaleString('en-US')} bytes of SQL`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
