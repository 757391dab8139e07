/**
 * A text file written in order, a chunk at a time: what an export writes goes to the file as it
 * is made, so memory holds one chunk, whatever the size of the file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK_BYTES = 256 * 1024;

export interface TextFile {
  write(text: string): void;
  /** Writes what is held and closes the file. */
  close(): void;
}

export function createTextFile(path: string): TextFile {
  const fd = openSync(path, 'w');
  let held: string[] = [];
  let heldLength = 0;
  const flush = (): void => {
    if (heldLength === 0) return;
    writeSync(fd, held.join(''));
    held = [];
    heldLength = 0;
  };
  return {
    write(text) {
      held.push(text);
      heldLength += text.length;
      if (heldLength >= CHUNK_BYTES) flush();
    },
    close() {
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}
