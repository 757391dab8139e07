/**
 * Stage 1, read: find the documents, read their bytes, and decode them to text.
 * The only stage that touches the file system on the way in.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { error, type Finding } from './diagnostics.js';

const DOCUMENT_EXTENSION = '.txt';

export interface SourceText {
  /** The path stored in the database: relative to the working directory when under it, POSIX separators. */
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly text: string;
}

/** A path as it is stored and shown: relative to `cwd` when inside it, always with `/`. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  const shown = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  return shown.split(sep).join('/');
}

/**
 * The documents named by `inputs`: files as given, directories searched recursively for `*.txt`
 * (hidden entries skipped). Sorted by display path, the order every build ingests in, so results
 * never depend on the order the file system lists entries.
 */
export function listDocuments(inputs: readonly string[]): string[] {
  const files = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(DOCUMENT_EXTENSION)) files.add(full);
    }
  };
  for (const input of inputs) {
    if (statSync(input).isDirectory()) walk(input);
    else files.add(input);
  }
  // Byte order of the UTF-8 path, the order SQLite's BINARY collation gives the stored paths.
  return [...files]
    .map((file) => ({ file, key: Buffer.from(displayPath(file)) }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ file }) => file);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const BYTE_ORDER_MARK = '\uFEFF';

const lineOfOffset = (bytes: Uint8Array, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
};

/** The first byte offset where `bytes` stops being valid UTF-8. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}

/**
 * Bytes to text with LF line ends and no byte-order mark; or the reason it is not a document.
 * Pure: the decoding rules of the template live here and nowhere else.
 */
export function decodeDocument(bytes: Uint8Array): { text: string } | { problem: Finding } {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { problem: error(lineOfOffset(bytes, nul), 'binary-document', 'not a text document: it contains NUL bytes') };
  }
  let decoded: string;
  try {
    decoded = UTF8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    return {
      problem: error(lineOfOffset(bytes, offset), 'binary-document', `not UTF-8 text: invalid byte at offset ${offset}`),
    };
  }
  const text = (decoded.startsWith(BYTE_ORDER_MARK) ? decoded.slice(1) : decoded).replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { problem: error(1, 'empty-document', 'the document is empty') };
  return { text };
}

/**
 * The largest document read. A one-code overview is a few kilobytes (the seed is 6 KB); a file
 * hundreds of times that is not one, and every later stage (and search's snippets) would pay for it.
 */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

export function readDocument(file: string): SourceText | { path: string; problem: Finding } {
  const path = displayPath(file);
  const { size } = statSync(file);
  if (size > MAX_DOCUMENT_BYTES) {
    const message = `the document is ${size.toLocaleString('en-US')} bytes, over the limit of ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes (2 MiB) for one document; it was not read`;
    return { path, problem: error(null, 'document-too-large', message) };
  }
  const bytes = readFileSync(file);
  const decoded = decodeDocument(bytes);
  if ('problem' in decoded) return { path, problem: decoded.problem };
  return {
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
    text: decoded.text,
  };
}
