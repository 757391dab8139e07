/**
 * Inline Markdown, read with markdown-it: emphasis (`**`, `*`, `_`), code spans, backslash escapes
 * and entities become the plain text they show. Emphasis is formatting, never part of a value.
 * `<br>` is a line break. Links, images, other raw HTML and strikethrough stay as written: reading them would drop text (a
 * link's target, a struck-out word) that a value may need. Block structure is the block reader's.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt('zero').enable(['emphasis', 'backticks', 'escape', 'entity']);

/** Characters that can start inline Markdown or a `<br>`; text without any is already plain (the fast path). */
export const MARKDOWN_CHARACTER = /[*_`\\&<]/;
/** What can be an entity; an `&` that is not is text. */
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;
const MARKDOWN_SIGNIFICANT = new RegExp(`[*_\`\\\\]|${ENTITY.source}`, 'i');

/** Any Unicode space an entity may decode to (`&nbsp;`) is a plain space. */
const ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const HAS_ODD_SPACE = new RegExp(ODD_SPACE.source);

/**
 * Text that starts with one emphasis or code span (`**Service type:** Surgical`, `**Payers**:`,
 * `` `M17.11` ``, `*Data not available in the input.*`), one line, no space at the span's inner edges
 * and no other Markdown character in the text...
 */
const LEADING_SPAN = /^(\*\*|__|\*|_|`)([^*_`\\\s](?:[^*_`\\\n]*[^*_`\\\s])?)\1([^*_`\\\n]*)$/;
/** ...followed by what lets an emphasis close: the end, a space or ASCII punctuation (a code span closes before anything). */
const CLOSES_EMPHASIS = /^(?:$| |[!-/:-@[\]^{-~])/;
/** A run of marks followed by a space (`* Home`, a bullet) neither opens nor closes emphasis: it is text. */
const LEADING_MARKS = /^(?:\*+|_+) [^*_`\\\n]*$/;

const spaced = (text: string): string => (HAS_ODD_SPACE.test(text) ? text.replace(ODD_SPACE, ' ') : text).trim();

/**
 * The plain text a line or a cell of inline Markdown shows. The shapes generators write most —
 * text wrapped whole in one emphasis, a key in bold before its value, a bullet — are read here
 * by CommonMark's rules for them, and agree with markdown-it (a property test holds them to it);
 * markdown-it reads the rest.
 */
export function plainText(written: string): string {
  const text = written.includes('<') ? withLineBreaks(written) : written;
  if (!MARKDOWN_CHARACTER.test(text) || !MARKDOWN_SIGNIFICANT.test(text)) return text;
  if (!text.includes('&') || !ENTITY.test(text)) {
    const span = LEADING_SPAN.exec(text);
    if (span && (span[1] === '`' || CLOSES_EMPHASIS.test(span[3]!))) return spaced(span[2]! + span[3]!);
    if (LEADING_MARKS.test(text)) return spaced(text);
  }
  return markdownText(text);
}

/**
 * `<br>` (`<br/>`, `<BR />`) is the line break a pipe-table cell or a one-line value can hold: a line
 * break in the value (a names list splits there). Other raw HTML stays as written.
 */
const withLineBreaks = (text: string): string => text.replace(/\s*<br\s*\/?>\s*/gi, '\n');

/** The plain text markdown-it reads in `text`: what plainText's fast paths must agree with. */
export function markdownText(text: string): string {
  const tokens = markdown.parseInline(text, {})[0]?.children ?? [];
  let plain = '';
  for (const token of tokens) if (token.type === 'text' || token.type === 'code_inline') plain += token.content;
  return spaced(plain);
}
