/**
 * Nothing changes silently: every non-blank line of a document ends up in exactly one place — part
 * of the template's structure, a stored value (or an unknown one's marker) with its line, or a
 * diagnostic that quotes it — checked against what the later stages actually keep, on every
 * document of a generated corpus, every fixture and the seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../corpus/generate.js';
import type { Finding } from '../../src/pipeline/diagnostics.js';
import { parseDocument } from '../../src/pipeline/parse/document.js';
import { knownHeading, parseKeyValue } from '../../src/pipeline/parse/headings.js';
import { plainText } from '../../src/pipeline/parse/inline.js';
import { cleanLine } from '../../src/pipeline/parse/lines.js';
import { isAlignmentRow, isTableLine, splitCells } from '../../src/pipeline/parse/tables.js';
import { parseTitleLine } from '../../src/pipeline/parse/title.js';
import { decodeDocument } from '../../src/pipeline/read.js';
import { ROOT, SEED_TEXT } from '../helpers.js';
import { listItem } from '../../src/pipeline/parse/lists.js';
import { processText } from '../../src/pipeline/process.js';

const TABLE_KINDS = new Set(['modifiers', 'taxonomies', 'diagnoses', 'relatedCodes']);
const PHASES = new Set(['preoperative', 'intraoperative', 'postoperative']);
const PHASE_WORDS = new RegExp(
  String.raw`\b(?:pre|intra|post)[- ]?(?:operative|op|service|procedure|procedural|encounter)(?:\s+(?:workflows?|phase|steps?))?` +
    String.raw`(?:\s+(?:includes?|involves?|consists\s+of|comprises?)\b\s*:?|\s*:)`,
  'gi',
);

/** A field's value on its line: after its key (`Service type: …`, `Preoperative — …`), or in the last cell of a `| Field | Value |` row. */
const fieldValue = (text: string, plain: string): string =>
  isTableLine(text) ? plainText(splitCells(text).at(-1) ?? '') : (parseKeyValue(plain)?.value ?? plain.replace(/^:\s+/, ''));

/** Where each line of `text` went that does not end where the parser says: empty when every line is accounted for. */
function unaccounted(text: string, path = 'doc.txt'): string[] {
  const { document } = parseDocument(text);
  const { model, rows, findings } = processText(text, path);
  const lines = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((raw) => cleanLine(raw));
  const problems: string[] = [];
  const nonBlank = lines.flatMap((line, i) => (line === '' ? [] : [i + 1]));
  const accounted = document.accounts.map((a) => a.line);
  if (JSON.stringify(accounted) !== JSON.stringify(nonBlank)) {
    const missing = nonBlank.filter((n) => !accounted.includes(n));
    problems.push(`lines not accounted for: ${missing.map((n) => `${n} ${JSON.stringify(lines[n - 1])}`).join('; ')}`);
  }
  if (model === undefined || rows === undefined) return problems;

  /** The finding quotes the line: as written, as plain text, or (a field's) the value after its key. */
  const quotes = (f: Finding, line: string): boolean =>
    [line, plainText(line), plainText(line).replace(/^[^:]*:\s*/, ''), plainText(listItem(line) ?? '')].some(
      (t) => t !== '' && f.message.includes(JSON.stringify(t).slice(1, -1).slice(0, 40)),
    );
  const findingAt = (n: number) => findings.some((f) => f.line === n);
  const markerAt = (n: number) => rows.unknownValues.some((m) => m.line === n);
  const stored = (texts: readonly (string | null | undefined)[], line: string): boolean =>
    line
      .split(PHASE_WORDS)
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .every((part) => texts.some((t) => t?.includes(part)));
  const rowLines = new Set([
    ...rows.lists.modifiers.map((r) => r.line),
    ...rows.lists.relatedCodes.map((r) => r.line),
    ...rows.lists.diagnoses.map((r) => r.line),
    ...rows.lists.taxonomies.map((r) => r.line),
    rows.procedure.statedDescriptorLine,
  ]);
  const workflows = rows.workflowSteps.map((s) => s.description);

  for (const { line: n, use, what } of document.accounts) {
    const text = lines[n - 1]!;
    const plain = plainText(listItem(text) ?? text);
    let ok: boolean;
    if (use === 'reported') ok = findings.some((f) => quotes(f, text));
    else if (use === 'structure') {
      const structures: Record<string, () => boolean> = {
        heading: () => knownHeading(text) !== undefined,
        title: () => parseTitleLine(text, n) !== undefined,
        'table header': () => isTableLine(text),
        'alignment row': () => isAlignmentRow(text),
        rule: () => /^(?:[-*_=]\s*){3,}$/.test(text),
        comment: () => /^<!--.*-->$/.test(text),
        key: () => true,
      };
      ok = structures[what]?.() ?? false;
    } else if (TABLE_KINDS.has(what)) {
      // A row that says only None says its list is empty: the list is stored with no rows and no marker.
      const saysNone = /^\|?\s*none\.?\s*(\|\s*none\s*)*\|?$/i.test(fieldValue(text, plain));
      const listRows = {
        modifiers: rows.lists.modifiers,
        relatedCodes: rows.lists.relatedCodes,
        diagnoses: rows.lists.diagnoses,
        taxonomies: rows.lists.taxonomies,
      }[what as 'modifiers'];
      const listMarked = rows.unknownValues.some((m) => m.scope === 'record' && m.field === what);
      // A field of an entry on a line of its own (`- Relevance: …` under the entry's line).
      const entryField = fieldValue(text, plain);
      const inEntry = (listRows as readonly object[]).some((row) =>
        Object.values(row).some((v) => typeof v === 'string' && v === entryField),
      );
      ok = rowLines.has(n) || markerAt(n) || findingAt(n) || inEntry || (saysNone && listRows.length === 0 && !listMarked);
    } else if (what === 'sitesOfService' || what === 'payers') {
      const items = what === 'payers' ? rows.names.payers.map((p) => p.line) : rows.names.sitesOfService.map((s) => s.line);
      ok = items.includes(n) || markerAt(n) || findingAt(n);
    } else if (what === 'serviceType') ok = markerAt(n) || stored([rows.procedure.serviceType], fieldValue(text, plain));
    else if (what === 'title') ok = stored([rows.procedure.title], fieldValue(text, plain));
    else if (PHASES.has(what)) ok = markerAt(n) || stored(workflows, fieldValue(text, plain));
    else if (what === 'summary') ok = markerAt(n) || stored([rows.procedure.summary], plain);
    else if (what === 'billing') ok = markerAt(n) || stored([rows.procedure.billingOverview], plain);
    else if (what === 'clinical') ok = markerAt(n) || stored([rows.procedure.clinicalVignette, ...workflows], plain);
    else ok = markerAt(n);
    if (!ok) problems.push(`line ${n} ${JSON.stringify(text)}: accounted as ${use} ${what}, but not found there`);
  }
  return problems;
}

describe('every non-blank line is accounted for, exactly once, where it went', () => {
  it('in the seed', () => {
    expect(unaccounted(SEED_TEXT)).toEqual([]);
  });

  it('in every document of a generated corpus, in every style', () => {
    const { files } = generateCorpus({ seed: 8, count: 400 });
    const problems = files.flatMap(({ path, content }) => {
      const decoded = decodeDocument(content);
      if (!('text' in decoded)) return [`${path}: ${decoded.problem.message}`];
      return unaccounted(decoded.text, path).map((p) => `${path}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('in every fixture', () => {
    const folder = join(ROOT, 'test/fixtures');
    const fixtures = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.txt'));
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    for (const entry of fixtures) {
      const path = join(entry.parentPath, entry.name);
      expect(unaccounted(readFileSync(path, 'utf8'), path), path).toEqual([]);
    }
  });

  it('in documents that report what they cannot store', () => {
    const text = [
      '<!-- made by a generator -->',
      'Preface text before any heading.',
      'CPT 20956: Graft',
      'Summary & Overview',
      'A summary. Key payers covered in this analysis include Aetna, and Medicaid, to name a few.',
      'Billing Code Overview',
      'Global period: 90 days',
      'Service type: Surgical',
      'Payment Policy Notes',
      'Prior authorization is required.',
      'Coding Specifications',
      'Some words where only tables go.',
      '| Modifier | Description | When to Use | Source |',
      '|---|---|---|---|',
      '| 62 | Two surgeons | When two. | CMS |',
      '| 62 | Two surgeons | Again. | CMS |',
      '| 11042-11047 | Debridement | Related | x |',
      '| Payer | Policy |',
      '| Aetna | Covered |',
      '62 | stray row',
    ].join('\n');
    expect(unaccounted(text)).toEqual([]);
  });
});
