/**
 * Lines, as the parser reads them: spaces made plain, invisible characters taken out (and
 * reported), and every non-blank line accounted for — the parser says where each one went.
 */
import { quote, warning, type Finding } from '../diagnostics.js';

export interface Line {
  /** 1-based, as editors count. */
  readonly number: number;
  /** As written, for diagnostics that quote it. */
  readonly raw: string;
  /** Spaces made plain, invisible characters and blockquote marks removed, trimmed. */
  readonly text: string;
}

/** A value with the line it starts on. */
export interface Located<T = string> {
  readonly line: number;
  readonly value: T;
}

/**
 * Any Unicode space (no-break, figure, thin...) and tabs count as one plain space; zero-width
 * space, non-joiner and joiner, word joiner, a byte-order mark inside the text and a soft hyphen
 * are taken out.
 */
const HAS_ODD_CHARACTER = /[\t\u00A0\u00AD\u1680\u2000-\u200D\u202F\u205F\u2060\u3000\uFEFF]/;
const ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const HAS_INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const NONE: readonly string[] = [];

/** A line's text, and the invisible characters taken out of it. */
function clean(raw: string): { text: string; invisible: readonly string[] } {
  // Trimmed, most lines have no odd character left: those at a line's edges are spaces trim()
  // takes off too — all but the byte-order mark, which is invisible, and reported.
  const trimmed = raw.trim();
  if (!HAS_ODD_CHARACTER.test(trimmed) && (trimmed.length === raw.length || !raw.includes('\uFEFF'))) {
    return { text: trimmed, invisible: NONE };
  }
  const invisible = HAS_INVISIBLE.test(raw) ? (raw.match(INVISIBLE) ?? NONE) : NONE;
  const visible = invisible.length > 0 ? raw.replace(INVISIBLE, '') : raw;
  return { text: visible.replace(ODD_SPACE, ' ').trim(), invisible };
}

/** A blockquote's marks (`> `, `> > `): formatting, like emphasis; the line's text is what they quote. */
const BLOCKQUOTE = /^(?:>\s?)+/;
const unquoted = (text: string): string => (text.startsWith('>') ? text.replace(BLOCKQUOTE, '').trimStart() : text);

export const cleanLine = (raw: string): string => unquoted(clean(raw).text);

/**
 * The text of each item, joined by `separator`. A loop rather than `map(...).join(...)`: the array
 * an optimized `map` makes is of another kind than the interpreter's, and `join` meeting it sends
 * the function that called it back to be compiled again.
 */
export function joinTexts<T>(items: readonly T[], text: (item: T) => string, separator: string): string {
  let joined = '';
  for (let i = 0; i < items.length; i++) joined += i === 0 ? text(items[i]!) : separator + text(items[i]!);
  return joined;
}

/** Whitespace other than single spaces: two in a row, or one that is not a plain space. */
const UNEVEN_SPACE = /\s\s|[^\S ]/;

/** Each run of whitespace as one space (most text has none to change, and is returned as it is). */
export const singleSpaced = (text: string): string => (UNEVEN_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text);

const codePoint = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The lines of a document. Invisible characters change what a line says (a code with a zero-width
 * space in it is no code), so each line they are removed from is reported.
 */
export function readLines(source: string, findings: Finding[]): Line[] {
  const lines: Line[] = [];
  let start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let number = 1; ; number++) {
    const end = source.indexOf('\n', start);
    const stop = end === -1 ? source.length : end;
    const raw = source.slice(start, stop > start && source.charCodeAt(stop - 1) === 0x0d ? stop - 1 : stop);
    const { text: cleaned, invisible } = clean(raw);
    const text = unquoted(cleaned);
    if (invisible.length > 0) {
      const found = joinTexts([...new Set(invisible)], codePoint, ', ');
      findings.push(warning(number, 'invisible-characters', `invisible character(s) ${found} removed from the line: ${quote(text)}`));
    }
    lines.push({ number, raw, text });
    if (end === -1) return lines;
    start = end + 1;
  }
}

/** What became of a non-blank line: part of the template's structure, a value, or quoted by a diagnostic. */
export type LineUse = 'structure' | 'value' | 'reported';

export interface LineAccount {
  readonly line: number;
  readonly use: LineUse;
  /** The structure (`heading`, `table header`...), the field the value went to, or the rule that reports it. */
  readonly what: string;
}
