import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markdownText, plainText } from '../../../src/pipeline/parse/inline.js';
import { cleanLine, readLines } from '../../../src/pipeline/parse/lines.js';
import type { Finding } from '../../../src/pipeline/diagnostics.js';

describe('cleanLine', () => {
  it('turns tabs and no-break spaces into spaces and trims', () => {
    expect(cleanLine('\tService\u00A0type:  Surgical \t ')).toBe('Service type:  Surgical');
  });

  it('takes out zero-width characters', () => {
    expect(cleanLine('20\u200B956 | Graft\u2060 |\u00AD')).toBe('20956 | Graft |');
  });
});

describe('readLines', () => {
  it('reports each line invisible characters are removed from, naming them', () => {
    const findings: Finding[] = [];
    const lines = readLines('\uFEFFCPT 20956: T\n| 6\u200B2 | Two\u200D |\nplain', findings);
    expect(lines.map((l) => l.text)).toEqual(['CPT 20956: T', '| 62 | Two |', 'plain']);
    expect(findings).toEqual([
      {
        line: 2,
        severity: 'warning',
        rule: 'invisible-characters',
        message: 'invisible character(s) U+200B, U+200D removed from the line: "| 62 | Two |"',
      },
    ]);
  });

  it('keeps each line as written, without its carriage return, for quoting', () => {
    expect(readLines('a \r\n b\r', []).map((l) => [l.number, l.raw, l.text])).toEqual([
      [1, 'a ', 'a'],
      [2, ' b', 'b'],
    ]);
  });
});

describe('plainText (inline Markdown, read by markdown-it)', () => {
  it.each([
    ['**CPT 20956:** Title', 'CPT 20956: Title'],
    ['*Data not available in the input.*', 'Data not available in the input.'],
    ['_Data not available in the input._', 'Data not available in the input.'],
    ['__bold__ and *italic* and ***both***', 'bold and italic and both'],
    ['`M17.11`', 'M17.11'],
    ['a \\* b \\_ c \\` d', 'a * b _ c ` d'],
    ['AT&amp;T &#169; caf&eacute;', 'AT&T © café'],
    ['x&nbsp;y', 'x y'],
  ])('reads %j as %j', (markdown, plain) => {
    expect(plainText(markdown)).toBe(plain);
  });

  it('leaves text that is not emphasis as written: words with underscores, lone stars, links, HTML, strikethrough', () => {
    for (const text of ['snake_case_name', 'Medicare*', '5 * 3', '[Aetna](https://aetna.example)', 'a<b>c</b>', '~~old~~ new', 'A & B']) {
      expect(plainText(text)).toBe(text);
    }
  });

  it('reads <br>, the line break a table cell can hold, as a line break', () => {
    expect(['a<br>b', 'a <br/> b', 'a<BR />**b**'].map(plainText)).toEqual(['a\nb', 'a\nb', 'a\nb']);
  });
});

describe('plainText, fast', () => {
  it('reads as markdown-it does whatever the text: its shortcuts (plain text, text wrapped or led by a span, bullets) agree', () => {
    const piece = fc.constantFrom(
      '*',
      '**',
      '_',
      '__',
      '`',
      '\\',
      '&amp;',
      '&',
      ' ',
      'a',
      'Data not available.',
      '59',
      'M17.11',
      'N/A',
      '-',
      'é',
    );
    const text = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
    const wrapped = fc.tuple(fc.constantFrom('*', '**', '_', '__', '`'), text).map(([mark, inner]) => `${mark}${inner}${mark}`);
    const after = fc
      .array(fc.constantFrom(' ', ':', '.', ',', ')', '—', 'a', 'é', '&', '&amp;', '*', '_'), { maxLength: 4 })
      .map((pieces) => pieces.join(''));
    const leading = fc.tuple(wrapped, after, text).map(([span, next, rest]) => `${span}${next}${rest}`);
    const bullet = fc.tuple(fc.constantFrom('* ', '** ', '_ ', '*_ '), text).map(([marks, rest]) => `${marks}${rest}`);
    // The parser reads trimmed lines and cells.
    fc.assert(
      fc.property(
        fc.oneof(text, wrapped, leading, bullet).map((t) => t.trim()),
        (t) => {
          expect(plainText(t)).toBe(markdownText(t));
        },
      ),
      { seed: 8, numRuns: 3000 },
    );
  });
});

describe('blockquotes', () => {
  it('reads a quoted line as the line it quotes', () => {
    expect(readLines('> CPT 20956: Title\n> > Summary & Overview\n>\nplain', []).map((l) => l.text)).toEqual([
      'CPT 20956: Title',
      'Summary & Overview',
      '',
      'plain',
    ]);
  });
});
