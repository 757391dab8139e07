/**
 * Inline Markdown, read with markdown-it: emphasis (`**`, `*`, `_`), code spans, backslash escapes
 * and entities become the plain text they show. Emphasis is formatting, never part of a value.
 * Links, images, raw HTML and strikethrough stay as written: reading them would drop text (a
 * link's target, a struck-out word) that a value may need. Block structure is the block reader's.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt('zero').enable(['emphasis', 'backticks', 'escape', 'entity']);

/** Characters that can start inline Markdown; text without any is already plain (the fast path). */
export const MARKDOWN_CHARACTER = /[*_`\\&]/;
const MARKDOWN_SIGNIFICANT = /[*_`\\]|&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/** Any Unicode space an entity may decode to (`&nbsp;`) is a plain space. */
const ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/**
 * Text wrapped whole in one emphasis or code span (`**59**`, `*Data not available in the input.*`,
 * `` `M17.11` ``), with no other Markdown character inside and no space at its edges: CommonMark
 * reads it as the text inside, so markdown-it need not be asked (the most common shape, by far).
 */
const WRAPPED = /^(\*\*|__|\*|_|`)([^*_`\\&\s](?:[^*_`\\&]*[^*_`\\&\s])?)\1$/;

/** The plain text a line or a cell of inline Markdown shows. */
export function plainText(text: string): string {
  if (!MARKDOWN_CHARACTER.test(text) || !MARKDOWN_SIGNIFICANT.test(text)) return text;
  const wrapped = WRAPPED.exec(text);
  return wrapped ? wrapped[2]!.replace(ODD_SPACE, ' ') : markdownText(text);
}

/** The plain text markdown-it reads in `text`: what plainText's fast paths must agree with. */
export function markdownText(text: string): string {
  const tokens = markdown.parseInline(text, {})[0]?.children ?? [];
  let plain = '';
  for (const token of tokens) if (token.type === 'text' || token.type === 'code_inline') plain += token.content;
  return plain.replace(ODD_SPACE, ' ').trim();
}
