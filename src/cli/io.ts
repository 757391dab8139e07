/**
 * Where the commands write and read: the process's own streams when codebook runs, buffers when
 * the tests run it in process (as click's CliRunner does for sqlite-utils).
 */
import { readFileSync } from 'node:fs';

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
  /** Standard input, read whole (`codebook query -`). */
  readStdin(): string;
}

export const processIO: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: () => readFileSync(0, 'utf8'),
};
