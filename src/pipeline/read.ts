/**
 * Stage 1, read: find the documents, read their bytes, and decode them to text.
 * The only stage that touches the file system on the way in.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { counted } from '../domain/wording.js';
import { BuildError, error, warning, type Diagnostic, type Finding } from './diagnostics.js';

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

/** A document's name ends in `.txt`, in any case (`.TXT`, `.Txt`: a Windows save). */
export const isDocumentName = (name: string): boolean => name.toLowerCase().endsWith(DOCUMENT_EXTENSION);

/** What is at a path that is neither a file nor a folder, for a message. */
function otherKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * The documents named by `inputs`: files as given, directories searched recursively for `*.txt`
 * in any case (hidden entries skipped). Symbolic links are followed; a folder reached again (a
 * link to a folder above it, or to one already searched) is not searched again, and a file reached
 * by two paths is read once, by the first path. Sorted by display path, the order every build
 * ingests in, so results never depend on the order the file system lists entries.
 *
 * What would be a document but cannot be read as one — a FIFO, socket or device (reading it could
 * block for ever), a link to nothing — is a BuildError naming each one: nothing is left out unsaid.
 */
export function listDocuments(inputs: readonly string[]): string[] {
  const files = new Map<string, string>();
  const searched = new Set<string>();
  const refused: Diagnostic[] = [];
  const refuse = (path: string, message: string) =>
    refused.push({ path: displayPath(path), line: null, severity: 'error', rule: 'not-a-document-file', message });
  const add = (path: string, stats: Stats) => {
    if (!stats.isFile()) return refuse(path, `${otherKind(stats)}, not a file: a document is read from a regular file`);
    const real = realpathSync(path);
    const first = files.get(real);
    if (first === undefined || Buffer.compare(Buffer.from(displayPath(path)), Buffer.from(displayPath(first))) < 0) files.set(real, path);
  };
  const walk = (dir: string): void => {
    const real = realpathSync(dir);
    if (searched.has(real)) return;
    searched.add(real);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      const stats = entry.isSymbolicLink() ? targetOf(full) : undefined;
      if (entry.isSymbolicLink() && stats === undefined) {
        if (isDocumentName(entry.name)) refuse(full, `a symbolic link to nothing (${readlinkSync(full)})`);
      } else if (stats?.isDirectory() ?? entry.isDirectory()) walk(full);
      else if (isDocumentName(entry.name)) add(full, stats ?? statSync(full));
    }
  };
  for (const input of inputs) {
    const stats = statSync(input);
    if (stats.isDirectory()) walk(input);
    else add(input, stats);
  }
  if (refused.length > 0) {
    throw new BuildError(`${counted(refused.length, 'path')} cannot be read as documents; nothing was changed`, refused);
  }
  // Byte order of the UTF-8 path, the order SQLite's BINARY collation gives the stored paths.
  return [...files.values()]
    .map((file) => ({ file, key: Buffer.from(displayPath(file)) }))
    .sort((a, b) => Buffer.compare(a.key, b.key))
    .map(({ file }) => file);
}

/** What a symbolic link points to, or undefined when it points to nothing. */
function targetOf(link: string): Stats | undefined {
  try {
    return statSync(link);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
    throw e;
  }
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

const UTF16_BYTE_ORDER_MARKS = [
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', name: 'UTF-16 little-endian' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', name: 'UTF-16 big-endian' },
] as const;

/**
 * UTF-16 without a byte-order mark: NUL bytes in every other position of the first line (which
 * is ASCII in every document of the template).
 */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 200);
  const zeros = [0, 0];
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) zeros[i % 2]!++;
  return sample.length >= 4 && Math.max(...zeros) * 2 >= sample.length * 0.8;
}

/**
 * Bytes to text with LF line ends and no byte-order mark, and what reading them found; or the
 * reason they are not a document. UTF-8 is the template's encoding; UTF-16 with a byte-order mark
 * (a Windows "Unicode" save) is read, with a warning.
 * Pure: the decoding rules of the template live here and nowhere else.
 */
export function decodeDocument(bytes: Uint8Array): { text: string; findings: Finding[] } | { problem: Finding } {
  const findings: Finding[] = [];
  const utf16 = UTF16_BYTE_ORDER_MARKS.find((mark) => mark.bytes.every((b, i) => bytes[i] === b));
  let decoded: string;
  if (utf16) {
    try {
      decoded = new TextDecoder(utf16.encoding, { fatal: true }).decode(bytes);
    } catch {
      return {
        problem: error(1, 'binary-document', `not ${utf16.name} text, though it starts with that byte-order mark; save it as UTF-8`),
      };
    }
    findings.push(
      warning(
        1,
        'utf-16',
        `the file is ${utf16.name} (it starts with its byte-order mark); read as such — the template's encoding is UTF-8`,
      ),
    );
  } else {
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      if (looksLikeUtf16(bytes)) {
        return { problem: error(1, 'binary-document', 'the file looks like UTF-16 without a byte-order mark; save it as UTF-8') };
      }
      return { problem: error(lineOfOffset(bytes, nul), 'binary-document', 'not a text document: it contains NUL bytes') };
    }
    try {
      decoded = UTF8.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8Offset(bytes);
      return {
        problem: error(lineOfOffset(bytes, offset), 'binary-document', `not UTF-8 text: invalid byte at offset ${offset}`),
      };
    }
  }
  const unmarked = decoded.startsWith(BYTE_ORDER_MARK) ? decoded.slice(1) : decoded;
  const text = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  if (text.trim() === '') return { problem: error(1, 'empty-document', 'the document is empty') };
  return { text, findings };
}

export interface ReadProblem {
  readonly path: string;
  readonly sha256: string;
  readonly problem: Finding;
}

/**
 * The largest document read. A one-code overview is a few kilobytes (the seed is 6 KB); a file
 * hundreds of times that is not one, and every later stage (and search's snippets) would pay for it.
 */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** The sha256 of a file's bytes, read in chunks, so a file too large to read still has its identity. */
export function fileSha256(file: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(file, 'r');
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function readDocument(file: string): (SourceText & { readonly findings: Finding[] }) | ReadProblem {
  const path = displayPath(file);
  const { size } = statSync(file);
  if (size > MAX_DOCUMENT_BYTES) {
    const message =
      `the document is ${size.toLocaleString('en-US')} bytes, over the limit of ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} ` +
      `bytes (2 MiB) for one document; it was not read`;
    return { path, sha256: fileSha256(file), problem: error(null, 'document-too-large', message) };
  }
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeDocument(bytes);
  if ('problem' in decoded) return { path, sha256, problem: decoded.problem };
  return { path, sha256, sizeBytes: bytes.length, text: decoded.text, findings: decoded.findings };
}
