/**
 * The documented limits and their diagnostics: a document's size, the findings reported per
 * document; no step that overflows the stack on a large input; search's passages linear in a
 * document's size.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../../src/access/codebook.js';
import { DIRECT_SNIPPET_MAX_CHARS, excerpts } from '../../src/access/search.js';
import { capFindings, MAX_FINDINGS_PER_DOCUMENT, warning } from '../../src/pipeline/diagnostics.js';
import { provision } from '../../src/pipeline/provision.js';
import { MAX_DOCUMENT_BYTES } from '../../src/pipeline/read.js';
import { codebook, SEED_TEXT, seedWith, tempDir, writeFiles } from '../helpers.js';

describe('document size', () => {
  it(`refuses a document over ${MAX_DOCUMENT_BYTES.toLocaleString('en-US')} bytes, naming it, without reading it`, async () => {
    const dir = writeFiles(tempDir(), {
      'big.txt': SEED_TEXT + 'x'.repeat(MAX_DOCUMENT_BYTES - Buffer.byteLength(SEED_TEXT) + 1),
      'cpt-20956.txt': SEED_TEXT,
    });
    const run = await codebook(['check', dir]);
    expect(run.status).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      `${dir}/big.txt: error: the document is 2,097,153 bytes, over the limit of 2,097,152 bytes (2 MiB) for one document; it was not read`,
    );
  });

  it('reads one of exactly the limit', async () => {
    const dir = writeFiles(tempDir(), {
      'cpt-20956.txt': SEED_TEXT + '\n' + 'x'.repeat(MAX_DOCUMENT_BYTES - Buffer.byteLength(SEED_TEXT) - 1),
    });
    expect((await codebook(['check', dir])).stdout).not.toContain('over the limit');
  });
});

describe('findings per document', () => {
  it('keeps the first ones and counts the rest in one, of the most severe kind among them', async () => {
    const findings = Array.from({ length: 5 }, (_, i) => warning(i + 1, 'w', `warning ${i + 1}`));
    expect(capFindings(findings, 5)).toBe(findings);
    expect(capFindings([...findings, { ...warning(9, 'e', 'an error'), severity: 'error' as const }], 3)).toEqual([
      ...findings.slice(0, 3),
      {
        line: 4,
        severity: 'error',
        rule: 'too-many-findings',
        message: '3 more finding(s) in this document (1 error(s), 2 warning(s)) are not listed: at most 3 are reported per document',
      },
    ]);
  });

  it(
    `reports at most ${MAX_FINDINGS_PER_DOCUMENT.toLocaleString('en-US')} for a document with 150,000 ` + `warnings, and stores the same`,
    async () => {
      const duplicates = Array.from({ length: 150_000 }, () => '62|a|b|').join('\n');
      const text = seedWith((t) => t.replace(/^(62 \|.*)$/m, `$1\n${duplicates}`));
      const dir = tempDir();
      const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': text });
      const run = await codebook(['check', seeds]);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(MAX_FINDINGS_PER_DOCUMENT + 1);
      expect(lines.at(-1)).toMatch(
        new RegExp(
          String.raw`^.*cpt-20956\.txt:\d+: warning: 149\d{3} more finding\(s\) in this document \(0 error\(s\), 149\d{3} warning\(s\)\) ` +
            String.raw`are not listed: at most 1000 are reported per document$`,
        ),
      );
      const report = await provision(seeds, join(dir, 'reference.db'));
      expect(report.warnings).toHaveLength(MAX_FINDINGS_PER_DOCUMENT + 1);
      expect(report.counts.diagnostics).toBe(MAX_FINDINGS_PER_DOCUMENT + 1);
    },
  );
});

describe('large results', () => {
  it('prints a 200,000-row table (a window sizes the columns; no stack overflow)', async () => {
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    expect(
      (await codebook(['provision', '--seeds', writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT }), '--db', db])).status,
    ).toBe(0);
    const run = await codebook([
      'query',
      'WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 200000) SELECT i FROM r',
      '--db',
      db,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual(['i', '----', '1']);
    expect(lines.at(-2)).toBe('200000');
    expect(lines).toHaveLength(200_003);
  });
});

describe("search's passages in a large document", () => {
  it('cut the text into pieces at spaces, covering all of it', async () => {
    const text = 'alpha beta gamma delta '.repeat(10);
    const pieces = excerpts(text, 30);
    expect(pieces.join('')).toBe(text);
    expect(pieces.every((p) => p.length <= 30 && p.endsWith(' '))).toBe(true);
    expect(excerpts('x'.repeat(70), 30)).toEqual(['x'.repeat(30), 'x'.repeat(30), 'x'.repeat(10)]);
  });

  it('are found in the excerpt that matches best, with the match marked, for a summary of 1.5 MB', async () => {
    const filler = 'The patient tolerated the procedure well. '.repeat(36_000);
    expect(filler.length).toBeGreaterThan(DIRECT_SNIPPET_MAX_CHARS * 100);
    const text = seedWith((t) =>
      t.replace('CPT code 20956 denotes', `${filler}A rare osteoperiosteal flap is used. CPT code 20956 denotes`),
    );
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    await provision(writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': text }), db);
    const reader = openCodebook(db);
    expect(reader.search('osteoperiosteal')).toEqual([
      {
        code: '20956',
        title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
        snippet: expect.stringContaining('A rare [osteoperiosteal] flap is used.'),
        rank: expect.any(Number),
      },
    ]);
    expect(reader.search('osteoperiosteal')[0]!.snippet).toMatch(/^….*…$/);
    expect(reader.search('microvascular')[0]!.snippet).toContain('[Microvascular]');
    reader.close();
  });

  it('are FTS5 snippets, as before, for documents of ordinary size', async () => {
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    await provision(writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT }), db);
    const reader = openCodebook(db);
    const direct = reader.db.$client
      .prepare(`SELECT snippet(code_search, -1, '[', ']', '…', 16) FROM code_search WHERE code_search MATCH '"harvest"'`)
      .pluck()
      .get();
    expect(reader.search('harvest')[0]!.snippet).toBe(direct);
    expect(direct).toContain('[harvested]');
    reader.close();
  });
});
