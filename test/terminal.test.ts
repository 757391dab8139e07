/**
 * Text from documents reaches a person's terminal only escaped: an escape sequence in a document
 * (clear the screen, an OSC 8 link, a bidirectional override) is shown, not obeyed, in `show`,
 * `search` and diagnostics.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeControlCharacters } from '../src/domain/terminal.js';
import { codebook, lineOf, SEED_TEXT, seedWith, tempDir, writeFiles } from './helpers.js';

const CLEAR = '\x1b[2J';
const LINK = '\x1b]8;;https://evil.example\x07click\x1b]8;;\x07';
/** Any C0/C1 control character other than a line feed, DEL, or a bidirectional control. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('escapeControlCharacters', () => {
  it('writes every control character out, and leaves other text alone', async () => {
    expect(escapeControlCharacters(`a${CLEAR}b\n\t\r\u009b\u202e\u0000é—`)).toBe('a\\x1b[2Jb\\n\\t\\r\\x9b\\u202e\\x00é—');
    expect(escapeControlCharacters(LINK)).toBe('\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07');
  });
});

describe('document text on a terminal', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = tempDir();
    db = join(dir, 'reference.db');
    const hostile = seedWith((t) =>
      t
        .replace('Vascularized Iliac Crest Bone Graft', `Vascularized ${CLEAR}Iliac Crest Bone Graft`)
        .replace('CPT code 20956 denotes', `CPT code 20956 ${LINK} denotes`),
    );
    const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': hostile });
    expect((await codebook(['provision', '--seeds', seeds, '--db', db])).status).toBe(0);
  });

  it('is escaped by show', async () => {
    const run = await codebook(['show', '20956', '--db', db]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain('CPT 20956: Vascularized \\x1b[2JIliac Crest Bone Graft with Microvascular Anastomosis\n');
    expect(run.stdout).toContain('CPT code 20956 \\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07 denotes');
  });

  it('is escaped by search in a table, and kept exact in JSON', async () => {
    const table = await codebook(['search', 'denotes', '--db', db]);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(table.stdout).toContain('\\x1b]8;;https://evil.example\\x07click');
    expect(JSON.parse((await codebook(['search', 'denotes', '--db', db, '-f', 'json'])).stdout)[0].snippet).toContain(LINK);
  });

  it('is escaped in diagnostics, the file name included', async () => {
    const bad = writeFiles(tempDir(), { [`bad${CLEAR}.txt`]: seedWith((t) => t.replace('15738 |', '157\u009b38 |')) });
    const run = await codebook(['check', bad]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout).toContain(
      `${bad}/bad\\x1b[2J.txt:${lineOf(SEED_TEXT, '15738 |')}: error: "157\\x9b38" is not a valid CPT or HCPCS code`,
    );
  });

  it('is escaped in error messages that quote what was typed', async () => {
    const run = await codebook(['show', `2095${CLEAR}`, '--db', db]);
    expect(run.status).toBe(1);
    expect(run.stderr).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toContain('2095\\x1b[2J');
  });
});
