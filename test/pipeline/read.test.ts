import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDocument, displayPath, listDocuments, readDocument } from '../../src/pipeline/read.js';
import { SEED_PATH, tempDir, writeFiles } from '../helpers.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeDocument', () => {
  it('strips a UTF-8 byte-order mark and turns CRLF and CR into LF', () => {
    expect(decodeDocument(bytes('\uFEFFa\r\nb\rc\n'))).toEqual({ text: 'a\nb\nc\n', findings: [] });
  });

  it('reads UTF-16 with a byte-order mark, little- or big-endian, with a warning', () => {
    const text = 'CPT 20956: Graft\r\nSummary & Overview — é';
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.from(little.subarray(2)).swap16();
    const expected = (name: string) => ({
      text: 'CPT 20956: Graft\nSummary & Overview — é',
      findings: [
        {
          line: 1,
          severity: 'warning',
          rule: 'utf-16',
          message: `the file is UTF-16 ${name} (it starts with its byte-order mark); read as such — the template's encoding is UTF-8`,
        },
      ],
    });
    expect(decodeDocument(little)).toEqual(expected('little-endian'));
    expect(decodeDocument(Buffer.concat([Buffer.from([0xfe, 0xff]), big]))).toEqual(expected('big-endian'));
  });

  it('refuses UTF-16 without a byte-order mark, saying to save it as UTF-8', () => {
    expect(decodeDocument(Buffer.from('CPT 20956: Graft\nSummary', 'utf16le'))).toEqual({
      problem: {
        line: 1,
        severity: 'error',
        rule: 'binary-document',
        message: 'the file looks like UTF-16 without a byte-order mark; save it as UTF-8',
      },
    });
  });

  it('refuses an empty or blank document', () => {
    expect(decodeDocument(bytes(''))).toEqual({
      problem: { line: 1, severity: 'error', rule: 'empty-document', message: 'the document is empty' },
    });
    expect(decodeDocument(bytes(' \n\t\n'))).toMatchObject({ problem: { rule: 'empty-document' } });
  });

  it('refuses a binary file, naming the line of the first NUL byte', () => {
    expect(decodeDocument(Uint8Array.from([0x61, 0x0a, 0x62, 0x00]))).toMatchObject({
      problem: { line: 2, severity: 'error', rule: 'binary-document' },
    });
  });

  it('refuses bytes that are not UTF-8, naming where', () => {
    const result = decodeDocument(Uint8Array.from([0x61, 0x0a, 0x0a, 0xff, 0xfe]));
    expect(result).toMatchObject({ problem: { line: 3, rule: 'binary-document', message: 'not UTF-8 text: invalid byte at offset 3' } });
  });
});

describe('listDocuments', () => {
  it('finds *.txt files recursively, skips hidden ones, sorts by path', () => {
    const dir = writeFiles(tempDir(), {
      'b.txt': 'x',
      'a/z.txt': 'x',
      'a/notes.md': 'x',
      '.hidden.txt': 'x',
      '.git/c.txt': 'x',
      'A.txt': 'x',
    });
    expect(listDocuments([dir]).map((f) => f.slice(dir.length + 1))).toEqual(['A.txt', 'a/z.txt', 'b.txt']);
  });

  it('takes a named file whatever its extension', () => {
    const dir = writeFiles(tempDir(), { 'doc.md': 'x' });
    expect(listDocuments([join(dir, 'doc.md')])).toEqual([join(dir, 'doc.md')]);
  });
});

describe('readDocument', () => {
  it('stores paths relative to the working directory, with the sha256 and size of the bytes', () => {
    const read = readDocument(SEED_PATH);
    expect(read).toMatchObject({
      path: displayPath(SEED_PATH),
      sha256: 'e1db8bc19a06cd08f933d9042e9f02c420f44e7fe8eefb33dfe334cab71bddee',
      sizeBytes: 5945,
    });
  });
});
