/**
 * The ways a document can be written that the template allows, end to end: text → parse →
 * validate → normalize (and through read, for bytes). Each variation of the seed must say exactly
 * what the seed says, or exactly what the variation changes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownHeading } from '../../src/pipeline/parse/headings.js';
import { processDocument } from '../../src/pipeline/process.js';
import { lineOf, SEED_TEXT, seedWith, tempDir, writeFiles } from '../helpers.js';
import { processText } from '../../src/pipeline/process.js';
import { modelOf, rulesOf, withoutLocations } from './text.js';

const SEED = modelOf(SEED_TEXT);
const SEED_LINES = SEED_TEXT.split('\n');
const SAYS_THE_SEED = withoutLocations(SEED.model);

const mapLines = (edit: (line: string, index: number) => string): string => SEED_LINES.map(edit).join('\n');
const isHeading = (line: string): boolean => knownHeading(line) !== undefined;
const isTableLine = (line: string): boolean => line.includes('|');
const isAlignment = (line: string): boolean => /^\|?(-+\|)+-*$/.test(line);

/** A seed table line with its edge pipes written as `style` says. */
function withEdges(line: string, style: 'both' | 'none' | 'leading' | 'trailing'): string {
  const inner = line.replace(/^\|\s*/, '').replace(/\s*\|$/, '');
  return `${style === 'both' || style === 'leading' ? '| ' : ''}${inner}${style === 'both' || style === 'trailing' ? ' |' : ''}`;
}

const table = (header: string, ...rows: string[]): string => [header, header.replace(/[^|]+/g, '---'), ...rows].join('\n');
const MODIFIER_HEADER = '| Modifier | Description | When to Use |';
const TAXONOMY_HEADER = '| Taxonomy Code | Specialty | Notes |';
const DIAGNOSIS_HEADER = '| ICD-10 Code | Description | Clinical Relevance |';
const RELATED_HEADER = '| CPT Code | Description | Relationship to This Procedure |';

describe('line endings and encoding', () => {
  it('reads a CRLF file with a byte-order mark exactly as the LF original', () => {
    const crlfText = `\uFEFF${SEED_TEXT.replaceAll('\n', '\r\n')}`;
    const dir = writeFiles(tempDir(), { 'lf/cpt-20956.txt': SEED_TEXT, 'crlf/cpt-20956.txt': crlfText });
    const lf = processDocument(join(dir, 'lf/cpt-20956.txt'));
    const crlf = processDocument(join(dir, 'crlf/cpt-20956.txt'));
    expect(crlf.loadable?.rows).toEqual(lf.loadable?.rows);
    expect(crlf.diagnostics.map(({ path: _, ...finding }) => finding)).toEqual(lf.diagnostics.map(({ path: _, ...finding }) => finding));
    expect(crlf.loadable?.source.sizeBytes).toBe(Buffer.byteLength(crlfText));
  });

  it('reads CRLF text and a byte-order mark even when given to the parser directly', () => {
    const { model, findings } = modelOf(`\uFEFF${SEED_TEXT.replaceAll('\n', '\r\n')}\r\n`);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(findings.map(({ line, rule }) => [line, rule])).toEqual([[21, 'duplicate-row']]);
  });
});

describe('spaces', () => {
  it('ignores trailing spaces, tabs and no-break spaces on every line', () => {
    const noise = [' ', '\t', '\u00A0', ' \t\u00A0 '];
    const { model, findings } = modelOf(mapLines((line, i) => `${line}${noise[i % noise.length]}`));
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(findings).toEqual(SEED.findings);
  });

  it('reads tabs and no-break spaces inside a line as plain spaces', () => {
    const text = seedWith((t) =>
      t
        .replaceAll(' | ', '\t|\u00A0')
        .replace('Service type: ', 'Service\u00A0type:\t')
        .replace('66\t|\u00A0Surgical team', '66\t|\u00A0Surgical\u00A0team')
        .replace('Related CPT Codes', 'Related\tCPT\u00A0Codes'),
    );
    const { model, findings } = modelOf(text);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });
});

describe('blank lines', () => {
  it('allows blank lines between a heading and its table or text, and several between sections', () => {
    const text = mapLines((line) => (isHeading(line) ? `\n \n\t\n${line}\n\n` : line));
    const { model, findings } = modelOf(text);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(Array.isArray(model.modifiers) && model.modifiers[0]?.line).toBe(lineOf(text, '62 | Two surgeons | When'));
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('separates paragraphs by blank lines and joins the lines of one paragraph', () => {
    const text = seedWith((t) => t.replace('\nKey payers', '\n\nKey payers'));
    const { model } = modelOf(text);
    expect(model.summary).toBe(`${SEED_LINES[2]}\n\n${SEED_LINES[3]}`);
    expect(SEED.model.summary).toBe(`${SEED_LINES[2]}\n${SEED_LINES[3]}`);
  });
});

describe('pipe tables', () => {
  it.each(['both', 'none', 'leading', 'trailing'] as const)('reads every row written with %s edge pipes', (style) => {
    const { model, findings } = modelOf(mapLines((line) => (isTableLine(line) ? withEdges(line, style) : line)));
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('reads alignment rows with colons', () => {
    const { model, findings } = modelOf(mapLines((line) => (isAlignment(line) ? '|:---|---:|:-:|' : line)));
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('reads tables without alignment rows, one directly after another', () => {
    const text = SEED_LINES.filter((line) => !isAlignment(line)).join('\n');
    const { model, findings } = modelOf(text);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('reads an escaped pipe as a literal pipe inside a cell', () => {
    const { rows } = modelOf(seedWith((t) => t.replace('pelvis or hip joint', 'pelvis \\| hip joint')));
    expect(rows.lists.relatedCodes[1]).toMatchObject({ targetCode: '27299', statedDescriptor: 'Unlisted procedure, pelvis | hip joint' });
  });

  it('keeps an empty cell between pipes as not stated', () => {
    const text = ['CPT 20956: T', 'Coding Specifications', table(MODIFIER_HEADER, '62 | Two surgeons |  |', '| 66 |  | |')].join('\n');
    const { model, findings } = modelOf(text);
    expect(model.modifiers).toEqual([
      { line: 5, source: '62 | Two surgeons |  |', code: '62', description: 'Two surgeons', whenToUse: { unknown: 'not stated', line: 5 } },
      {
        line: 6,
        source: '| 66 |  | |',
        code: '66',
        description: { unknown: 'not stated', line: 6 },
        whenToUse: { unknown: 'not stated', line: 6 },
      },
    ]);
    expect(findings).toEqual([]);
  });

  it('reads a row with fewer cells than its header with its last cells not stated, and reports it', () => {
    const text = ['CPT 20956: T', 'Coding Specifications', table(MODIFIER_HEADER, '| 62 | Two surgeons | ', '| 66 |  |')].join('\n');
    const { model, findings } = modelOf(text);
    expect(model.modifiers).toEqual([
      { line: 5, source: '| 62 | Two surgeons | ', code: '62', description: 'Two surgeons', whenToUse: { unknown: 'not stated', line: 5 } },
      {
        line: 6,
        source: '| 66 |  |',
        code: '66',
        description: { unknown: 'not stated', line: 6 },
        whenToUse: { unknown: 'not stated', line: 6 },
      },
    ]);
    expect(findings).toEqual([
      {
        line: 5,
        severity: 'warning',
        rule: 'short-row',
        message: 'table row has 2 cells but its header (line 3) has 3; "When to Use" read as not stated: "| 62 | Two surgeons |"',
      },
      {
        line: 6,
        severity: 'warning',
        rule: 'short-row',
        message: 'table row has 2 cells but its header (line 3) has 3; "When to Use" read as not stated: "| 66 |  |"',
      },
    ]);
  });
});

describe('sections', () => {
  const SECTION_FIELDS = {
    'Summary & Overview': ['summary', 'payers'],
    'Billing Code Overview': ['billingOverview', 'serviceType', 'sitesOfService'],
    'Clinical Context': ['clinicalVignette', 'preoperativeWorkflow', 'intraoperativeWorkflow', 'postoperativeWorkflow'],
    'Coding Specifications': ['modifiers', 'taxonomies'],
    'Related Diagnoses': ['diagnoses'],
    'Related CPT Codes': ['relatedCodes'],
  } as const;

  /** The seed without the section under `heading` (the title line stays: it is not the section's). */
  const withoutSection = (heading: string): string => {
    const start = SEED_LINES.indexOf(heading);
    const end = SEED_LINES.findIndex((line, i) => i > start && isHeading(line));
    return SEED_LINES.filter((line, i) => !(i >= start && (end === -1 || i < end)) || line.startsWith('CPT 20956:')).join('\n');
  };

  it.each(Object.entries(SECTION_FIELDS))('says "section absent" for every value of a missing %s section', (heading, fields) => {
    const { model, findings } = modelOf(withoutSection(heading));
    const absent = { unknown: 'section absent', line: null };
    const expected: Record<string, unknown> = { ...SEED.model };
    for (const field of fields) expected[field] = absent;
    expect(withoutLocations(model)).toEqual(withoutLocations(expected));
    expect(model).toMatchObject(Object.fromEntries(fields.map((f) => [f, absent])));
    expect(rulesOf(findings)).toEqual(heading === 'Coding Specifications' ? [] : ['duplicate-row']);
  });

  it('marks every value of a document with only a title line, each with its reason', () => {
    const { rows, findings } = modelOf('CPT 20956: Vascularized Iliac Crest Bone Graft');
    const absent = (field: string) => ({ scope: 'record', itemKey: '20956', field, reason: 'section absent', line: null });
    expect(rows.unknownValues).toEqual([
      absent('serviceType'),
      absent('sitesOfService'),
      absent('modifiers'),
      absent('relatedCodes'),
      absent('diagnoses'),
      absent('taxonomies'),
      absent('payers'),
      absent('summary'),
      absent('billingOverview'),
      absent('clinicalVignette'),
      absent('preoperativeWorkflow'),
      absent('intraoperativeWorkflow'),
      absent('postoperativeWorkflow'),
      absent('descriptor'),
    ]);
    expect(rows.procedure).toEqual({
      code: '20956',
      title: 'Vascularized Iliac Crest Bone Graft',
      summary: null,
      billingOverview: null,
      serviceType: null,
      clinicalVignette: null,
      statedDescriptor: null,
      statedDescriptorLine: null,
      markedAddOn: false,
    });
    expect(findings).toEqual([]);
  });

  it('reads sections in another order, the title line first', () => {
    const block = (from: number, to: number) => SEED_LINES.slice(from, to);
    const text = [SEED_LINES[1], ...block(32, 40), ...block(28, 32), ...block(8, 28), ...block(4, 8), SEED_LINES[0], ...block(2, 4)].join(
      '\n',
    );
    const { model, findings } = modelOf(text);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(model.titleLine).toBe(1);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it.each([
    ['plain', 'Payment Policy Notes'],
    ['markdown', '## Payment Policy Notes'],
    ['bold', '**Payment Policy Notes**'],
  ])('warns about an unknown %s heading, quoting its content, and stores nothing of it', (_, heading) => {
    const line = SEED_LINES.indexOf('Clinical & Coding Specifications') + 1;
    const text = seedWith((t) =>
      t.replace(
        '\nClinical & Coding Specifications',
        `\n${heading}\n\nPrior authorization is required.\nAppeals take 30 days.\n\nClinical & Coding Specifications`,
      ),
    );
    const { model, findings } = modelOf(text);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(findings[0]).toEqual({
      line,
      severity: 'warning',
      rule: 'unknown-heading',
      message: (
        'section "Payment Policy Notes" is not part of the template; its text is not stored: "Prior ' +
        'authorization is required.\\nAppeals take 30 days."'
      ).replace('"Payment Policy Notes"', JSON.stringify(heading)),
    });
    expect(rulesOf(findings)).toEqual(['unknown-heading', 'duplicate-row']);
  });

  it('reads outline-numbered headings, plain or markdown', () => {
    let n = 0;
    const text = mapLines((line) => (isHeading(line) ? `${++n % 2 ? '' : '## '}${n}. ${line}` : line));
    expect(text).toContain('## 2. Billing Code Overview');
    const { model, findings } = modelOf(text);
    expect(withoutLocations(model)).toEqual(SAYS_THE_SEED);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('reads "Place of service" and "Site(s) of service" as the sites of service', () => {
    for (const key of ['Place of service', 'Typical site(s) of service']) {
      const { model } = modelOf(seedWith((t) => t.replace('Typical site of service:', `${key}:`)));
      expect(model.sitesOfService).toEqual(SEED.model.sitesOfService);
    }
  });

  it('reads the payers from a "Payers covered" sentence without "Key", or from a `Payers:` line', () => {
    const sentence = seedWith((t) => t.replace('Key payers covered in this analysis include', 'Payers covered in this analysis include'));
    expect(modelOf(sentence).model.payers).toEqual(SEED.model.payers);
    const field = seedWith((t) =>
      t
        .replace(/Key payers covered in this analysis include [^.]*\. /, '')
        .replace('Service type:', 'Payers: Aetna, Cigna Health, and Medicare\nService type:'),
    );
    const { model, rows, findings } = modelOf(field);
    const line = lineOf(field, 'Payers:');
    expect(model.payers).toEqual(['Aetna', 'Cigna Health', 'Medicare'].map((value) => ({ line, value })));
    expect(rows.names.payers.map((p) => p.payerName)).toEqual(['Aetna', 'Cigna Health', 'Medicare']);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('does not read a sentence that merely mentions payers as the payer list', () => {
    const text = seedWith((t) =>
      t
        .replace('Key payers covered in this analysis include', 'Payers are increasingly reviewing')
        .replace('and Medicare.', 'and Medicare claims.'),
    );
    expect(modelOf(text).model.payers).toEqual({ unknown: 'not stated', line: 1 });
  });

  it('reads a `Key: value` line whose key is bold', () => {
    const text = seedWith((t) =>
      t
        .replace(/^Service type: (.*)$/m, '**Service type:** $1')
        .replace(/^Typical site of service: (.*)$/m, '**Typical site of service**: $1'),
    );
    const { model, findings } = modelOf(text);
    expect(model.serviceType).toBe(SEED.model.serviceType);
    expect(model.sitesOfService).toEqual(SEED.model.sitesOfService);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });

  it('reads a `Key: value` line written in title case as its field, not as a heading', () => {
    const text = seedWith((t) =>
      t
        .replace(/^Service type: .*$/m, 'Service Type: Surgical Care')
        .replace(/^Typical site of service: .*$/m, 'Typical Site Of Service: Physician Office'),
    );
    const { model, findings } = modelOf(text);
    expect(model.serviceType).toBe('Surgical Care');
    expect(model.sitesOfService).toEqual([{ line: 8, value: 'Physician Office' }]);
    expect(model.clinicalVignette).toBe(SEED.model.clinicalVignette);
    expect(rulesOf(findings)).toEqual(['duplicate-row']);
  });
});

describe('codes', () => {
  it.each([
    ['CPT', '20956', 'Category I'],
    ['CPT', '3008F', 'Category II'],
    ['CPT', '0596T', 'Category III'],
    ['CPT', '0241U', 'PLA'],
    ['HCPCS', 'G0121', 'Level II'],
  ] as const)('reads a %s title line for %s (%s), the file named after it', (system, code, category) => {
    const lines = table(`| ${system} Code | Description | Relationship |`, `| ${code} | Own descriptor | Primary |`);
    const text = `${system} ${code}: A Title\nRelated ${system} Codes\n${lines}`;
    const { rows, findings } = modelOf(text, `seeds/${system.toLowerCase()}-${code}.txt`);
    expect(rows.catalog.codes).toEqual([{ code, codeSystem: system, codeCategory: category }]);
    expect(rows.procedure).toMatchObject({ code, title: 'A Title', statedDescriptor: 'Own descriptor', statedDescriptorLine: 5 });
    expect(findings).toEqual([]);
  });

  it('stores related codes of every form with their system and category', () => {
    const related = ['99213', '3008F', '0596T', '0241U', 'G0121', 'j1100'].map((code) => `| ${code} | d | r |`);
    const { rows, findings } = modelOf(`CPT 20956: T\nRelated CPT Codes\n${table(RELATED_HEADER, ...related)}`);
    expect(rows.catalog.codes).toEqual([
      { code: '20956', codeSystem: 'CPT', codeCategory: 'Category I' },
      { code: '99213', codeSystem: 'CPT', codeCategory: 'Category I' },
      { code: '3008F', codeSystem: 'CPT', codeCategory: 'Category II' },
      { code: '0596T', codeSystem: 'CPT', codeCategory: 'Category III' },
      { code: '0241U', codeSystem: 'CPT', codeCategory: 'PLA' },
      { code: 'G0121', codeSystem: 'HCPCS', codeCategory: 'Level II' },
      { code: 'J1100', codeSystem: 'HCPCS', codeCategory: 'Level II' },
    ]);
    expect(findings).toEqual([]);
  });

  it('reads modifiers of two digits, two letters, or a digit and a letter', () => {
    const modifiers = ['62', 'LT', 'xs', '1P'].map((code) => `| ${code} | d | w |`);
    const { rows, findings } = modelOf(`CPT 20956: T\nCoding Specifications\n${table(MODIFIER_HEADER, ...modifiers)}`);
    expect(rows.lists.modifiers.map((m) => m.modifierCode)).toEqual(['62', 'LT', 'XS', '1P']);
    expect(findings).toEqual([]);
  });

  it('refuses a modifier of another length', () => {
    const { model, findings } = processText(
      `CPT 20956: T\nCoding Specifications\n${table(MODIFIER_HEADER, '| 6 | d | w |')}`,
      'seeds/cpt-20956.txt',
    );
    expect(model).toBeUndefined();
    expect(findings).toEqual([
      { line: 5, severity: 'error', rule: 'invalid-value', message: '"6" is not a modifier (two letters or digits)' },
    ]);
  });

  it('reads ICD-10-CM codes in display and dotless form, stored in both forms', () => {
    const diagnoses = ['M17.11', 'S72001A', 'E11', 'z96.651'].map((code) => `| ${code} | d | r |`);
    const { rows, findings } = modelOf(`CPT 20956: T\nRelated Diagnoses\n${table(DIAGNOSIS_HEADER, ...diagnoses)}`);
    expect(rows.catalog.diagnoses).toEqual([
      { code: 'M17.11', codeDotless: 'M1711' },
      { code: 'S72.001A', codeDotless: 'S72001A' },
      { code: 'E11', codeDotless: 'E11' },
      { code: 'Z96.651', codeDotless: 'Z96651' },
    ]);
    expect(findings).toEqual([]);
  });

  it('checks NUCC taxonomy codes as 10 characters; a missing trailing X is a warning', () => {
    const lines = table(TAXONOMY_HEADER, '| 207X00000X | Orthopaedic Surgery | n |', '| 2086s0122 | Plastic Surgery | n |');
    const text = `CPT 20956: T\nCoding Specifications\n${lines}`;
    const { rows, findings } = modelOf(text);
    expect(rows.catalog.taxonomies).toEqual([{ code: '207X00000X' }, { code: '2086S0122X' }]);
    expect(findings).toEqual([
      {
        line: 6,
        severity: 'warning',
        rule: 'nucc-missing-x',
        message: 'taxonomy code 2086S0122 lacks its trailing X; stored as 2086S0122X',
      },
    ]);
    for (const bad of ['207X0000X', '207X00000XX', '207X0000']) {
      expect(
        processText(`CPT 20956: T\nCoding Specifications\n${table(TAXONOMY_HEADER, `| ${bad} | s | n |`)}`, 'seeds/cpt-20956.txt').findings,
      ).toEqual([
        { line: 5, severity: 'error', rule: 'invalid-value', message: `"${bad}" is not a NUCC taxonomy code (10 characters, ending in X)` },
      ]);
    }
  });
});

describe('duplicate rows in one table', () => {
  it('keeps the first of exact duplicates, however their pipes and spaces are written', () => {
    const lines = table(
      MODIFIER_HEADER,
      '| 62 | Two surgeons | When two |',
      '62|Two surgeons|When two',
      '| 66 | Team | |',
      '66 |  Team |  |',
    );
    const text = `CPT 20956: T\nCoding Specifications\n${lines}`;
    const { rows, findings } = modelOf(text);
    expect(rows.lists.modifiers.map((m) => [m.modifierCode, m.line])).toEqual([
      ['62', 5],
      ['66', 7],
    ]);
    expect(findings).toEqual([
      {
        line: 6,
        severity: 'warning',
        rule: 'duplicate-row',
        message:
          'exact duplicate modifier 62 dropped; the first, line 5, is kept. line 5: "| 62 | Two surgeons ' +
          '| When two |"; line 6: "62|Two surgeons|When two"',
      },
      {
        line: 8,
        severity: 'warning',
        rule: 'duplicate-row',
        message: 'exact duplicate modifier 66 dropped; the first, line 7, is kept. line 7: "| 66 | Team | |"; line 8: "66 |  Team |  |"',
      },
    ]);
  });

  it('keeps the first of conflicting duplicates, quoting both lines', () => {
    const lines = table(
      DIAGNOSIS_HEADER,
      '| M17.11 | Primary osteoarthritis | r |',
      '| M1711 | Primary osteoarthritis | Data not available in the input. |',
    );
    const text = `CPT 20956: T\nRelated Diagnoses\n${lines}`;
    const { rows, findings } = modelOf(text);
    expect(rows.lists.diagnoses).toEqual([
      { diagnosisCode: 'M17.11', position: 1, line: 5, clinicalRelevance: 'r', statedDescription: 'Primary osteoarthritis' },
    ]);
    expect(findings).toEqual([
      {
        line: 6,
        severity: 'warning',
        rule: 'duplicate-row',
        message:
          'conflicting duplicate diagnosis M17.11 dropped; the first, line 5, is kept. line 5: "| M17.11 ' +
          '| Primary osteoarthritis | r |"; line 6: "| M1711 | Primary osteoarthritis | Data not available ' +
          'in the input. |"',
      },
    ]);
  });

  it("keeps the first of the document's own rows in its related codes, and warns about the other", () => {
    const lines = table(RELATED_HEADER, '| 20956 | Own | Primary |', '| 15738 | Flap | r |', '| 20956 | Other | Primary |');
    const text = `CPT 20956: T\nRelated CPT Codes\n${lines}`;
    const { rows, findings } = modelOf(text);
    expect(rows.procedure).toMatchObject({ statedDescriptor: 'Own', statedDescriptorLine: 5 });
    expect(rows.lists.relatedCodes.map((r) => r.targetCode)).toEqual(['15738']);
    expect(findings).toMatchObject([
      { line: 7, rule: 'duplicate-row', message: expect.stringMatching(/^conflicting duplicate related code 20956 dropped/) },
    ]);
  });
});

describe('the title line and the file name', () => {
  it('warns when the title code and the file name disagree, and loads the document', () => {
    const dir = writeFiles(tempDir(), { 'hcpcs/hcpcs-G0122.txt': 'HCPCS G0121: Colorectal cancer screening' });
    const processed = processDocument(join(dir, 'hcpcs/hcpcs-G0122.txt'));
    expect(processed.loadable?.rows.code).toBe('G0121');
    expect(processed.diagnostics.map(({ path: _, ...finding }) => finding)).toEqual([
      { line: 1, severity: 'warning', rule: 'title-file-mismatch', message: 'the title is for G0121 but the file name names G0122' },
    ]);
  });

  it('says nothing when the file name names no code', () => {
    expect(modelOf('HCPCS G0121: Screening', 'docs/colorectal-screening.txt').findings).toEqual([]);
  });

  it("warns when the title's CPT or HCPCS disagrees with the code's format, which decides", () => {
    const { rows, findings } = modelOf('CPT G0121: Screening', 'docs/screening.txt');
    expect(rows.catalog.codes).toEqual([{ code: 'G0121', codeSystem: 'HCPCS', codeCategory: 'Level II' }]);
    expect(findings).toEqual([
      {
        line: 1,
        severity: 'warning',
        rule: 'title-system-mismatch',
        message: 'the title line says CPT, but G0121 is a HCPCS code by its format; stored as HCPCS',
      },
    ]);
  });
});

describe('what other generators write', () => {
  it('reads code cells that name their system, and modifiers written -59 or Modifier 59, with no warning', () => {
    const text = [
      'CPT 20956: T',
      'Coding Specifications',
      table(MODIFIER_HEADER, '| -59 | Distinct | w |', '| Modifier XS | Separate structure | w |'),
      'Related Diagnoses (ICD-10-CM)',
      table(DIAGNOSIS_HEADER, '| ICD-10-CM M17.11 | Osteoarthritis | r |'),
      'Related CPT® / HCPCS Codes',
      table(RELATED_HEADER, '| CPT® 15738 | Flap | r |', '| HCPCS G0121 | Screening | r |', '| +CPT 69990 | Microscope | r |'),
    ].join('\n');
    const { rows, findings } = modelOf(text);
    expect(rows.lists.modifiers.map((m) => m.modifierCode)).toEqual(['59', 'XS']);
    expect(rows.lists.diagnoses.map((d) => d.diagnosisCode)).toEqual(['M17.11']);
    expect(rows.lists.relatedCodes.map((r) => [r.targetCode, r.markedAddOn])).toEqual([
      ['15738', false],
      ['G0121', false],
      ['69990', true],
    ]);
    expect(findings).toEqual([]);
  });

  it('reads a heading synonym, a sub-heading and a heading with more words as the template heading, with no warning', () => {
    const text = [
      'CPT 20956: T',
      '## Overview',
      'A summary.',
      '## Clinical Context & Workflow',
      'A case.',
      '### Workflow',
      'Pre-service: consent.',
    ].join('\n');
    const { model, findings } = modelOf(text);
    expect(model).toMatchObject({ summary: 'A summary.', clinicalVignette: 'A case.', preoperativeWorkflow: 'consent.' });
    expect(findings).toEqual([]);
  });

  it('keeps an outline-numbered heading the template does not have from being read as a list item', () => {
    const text = [
      'CPT 20956: T',
      '1. Summary & Overview',
      'A summary.',
      '2. Payment Policy Notes',
      'Prior authorization is required.',
      '3. Billing Code Overview',
      'An overview.',
    ].join('\n');
    const { model, findings } = modelOf(text);
    expect(model).toMatchObject({ summary: 'A summary.', billingOverview: 'An overview.' });
    expect(rulesOf(findings)).toEqual(['unknown-heading']);
  });
});

describe('fields and sections written other ways', () => {
  it('reads the fields from a table of keys and values, and a key followed by a dash', () => {
    const text = [
      'CPT 20956: T',
      'Billing Code Overview',
      'Billed once.',
      '| Field | Value |',
      '|---|---|',
      '| Service type | Preventive visit |',
      '| Typical site of service | Physician office; telehealth |',
      'Clinical Context',
      'A case.',
      '- **Pre-service** — consent.',
    ].join('\n');
    const { model, findings } = modelOf(text);
    expect(model).toMatchObject({
      billingOverview: 'Billed once.',
      serviceType: 'Preventive visit',
      sitesOfService: [
        { line: 7, value: 'Physician office' },
        { line: 7, value: 'telehealth' },
      ],
      preoperativeWorkflow: 'consent.',
    });
    expect(findings).toEqual([]);
  });

  it('reads a heading with its first line after a colon as the heading and that line', () => {
    const text = [
      'CPT 20956: T',
      'Clinical & Coding Specifications',
      'Clinical Context: A 74-year-old returns.',
      'Preoperative workflow includes — . Intraoperative workflow includes review.',
    ].join('\n');
    const { model, findings } = modelOf(text);
    expect(model).toMatchObject({
      clinicalVignette: 'A 74-year-old returns.',
      preoperativeWorkflow: { unknown: 'placeholder', line: 4 },
      intraoperativeWorkflow: 'review.',
    });
    expect(rulesOf(findings)).toEqual(['placeholder']);
  });
});
