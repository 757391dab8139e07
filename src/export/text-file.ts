/**
 * A text file written in order, a chunk at a time: what an export writes goes to the file as it
 * is made, so memory holds one chunk, whatever the size of the file. The chunk is one buffer,
 * allocated once, outside the JavaScript heap: each text is encoded into it at once and can be
 * collected young, so nothing written lingers on the heap to make it grow with the file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const CHUNK_BYTES = 256 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_BYTES_PER_UNIT = 3;

export interface TextFile {
  write(text: string): void;
  /** Writes what is held and closes the file. */
  close(): void;
}

export function createTextFile(path: string): TextFile {
  const fd = openSync(path, 'w');
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const flush = (): void => {
    let written = 0;
    while (written < used) written += writeSync(fd, chunk, written, used - written);
    used = 0;
  };
  return {
    write(text) {
      const most = text.length * MAX_UTF8_BYTES_PER_UNIT;
      if (used + most > CHUNK_BYTES) flush();
      if (most > CHUNK_BYTES) writeSync(fd, text);
      else used += chunk.write(text, used);
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
