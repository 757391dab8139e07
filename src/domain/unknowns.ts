/**
 * What can be unknown, and why. A document says a value is unknown with the sentinel
 * `Data not available in the input.` or a placeholder, or leaves it out. Unknown is never "none":
 * an empty table is a known empty list; an unknown list is an unknown value, with no rows.
 */
import { entryFields, LIST_FIELDS, RECORD_FIELD_NAMES, type EntryField, type ListField, type RecordField } from './fields.js';

export const SENTINEL = 'Data not available in the input.';

const SENTINEL_PATTERN = /^data not available in the input\.?$/i;

/** True when a cell or a value is the sentinel (any case, with or without the final period). */
export function isSentinel(text: string): boolean {
  return text.length >= SENTINEL.length - 1 && SENTINEL_PATTERN.test(text.trim());
}

/** `Data not available in the input. The code…`: text that opens with the sentinel (what the database's text checks refuse). */
const SENTINEL_OPENING = /^data not available in the input\.?\s*/i;

/** The text after a sentinel it opens with, or undefined when it does not open with one. */
export function afterSentinel(text: string): string | undefined {
  // Most text is told apart by its first letter, without a copy or a regex.
  const first = text.trimStart().charAt(0);
  if (first !== 'D' && first !== 'd') return undefined;
  const opening = SENTINEL_OPENING.exec(text.trim());
  return opening === null ? undefined : text.trim().slice(opening[0].length);
}

/**
 * What a generator writes where it has no value, instead of the sentinel: a dash, `N/A`, `TBD`, or
 * a phrase saying so (`Not specified in source.`, `Information not provided`, `[Data not available]`).
 * A cell or value whose whole text is one of these (any case, with or without a final period, in
 * brackets or not, with or without Markdown emphasis) is unknown for the reason `placeholder`,
 * never stored as text. An empty cell is not a placeholder: it is "not stated". `None` is not one
 * either: in a list it says the list is empty (see `isNone`), elsewhere it is what the document says.
 */
export const PLACEHOLDERS = ['—', '–', '-', '--', 'N/A', 'NA', 'n.a.', 'Not available', 'Not applicable', 'Unknown', 'TBD', 'TBA'] as const;

const PLACEHOLDER_SET = new Set(PLACEHOLDERS.map((p) => p.toLowerCase()));

/**
 * A phrase that says only that there is no value: `[the] data|information|details [is] not
 * available|provided|specified… [in|from the input|source|document]`, `no data [available]`.
 */
const PLACEHOLDER_PHRASE = new RegExp(
  String.raw`^(?:` +
    String.raw`(?:(?:the\s+)?(?:data|information|info|details?|value|content)\s+(?:is\s+|are\s+)?)?` +
    String.raw`(?:not|un)\s*(?:yet\s+)?(?:available|provided|specified|stated|given|reported|documented|supplied|known)` +
    String.raw`(?:\s+(?:in|from|by)\s+(?:the\s+)?(?:provided\s+|given\s+)?(?:input|source|sources|document|documents|data|record))?` +
    String.raw`|no\s+(?:data|information|details)(?:\s+(?:available|provided|given|specified))?` +
    String.raw`|not\s+in\s+(?:the\s+)?(?:source|input|document)(?:\s+data)?` +
    String.raw`)$`,
  'i',
);
/** The longest a placeholder phrase can be: longer text is a value, told apart at once. */
const LONGEST_PLACEHOLDER = 64;

/** How placeholders start (a set's first letters, a phrase's, a bracket): most text does not, and is told apart at once. */
const PLACEHOLDER_FIRST = new Set([...PLACEHOLDERS.map((p) => p[0]!.toLowerCase()), 'd', 'i', 'v', 'c', 'u', 'n', '[', '(', '<']);

/** True when a cell or a value is, as a whole, a placeholder. */
export function isPlaceholder(text: string): boolean {
  if (text.length > LONGEST_PLACEHOLDER) return false;
  let t = text.trim().toLowerCase();
  if (!PLACEHOLDER_FIRST.has(t.charAt(0)) && !t.startsWith('the ')) return false;
  if (/^[[(<].*[\])>]$/.test(t)) {
    t = t.slice(1, -1).trim();
    // `(none listed)` in brackets is a remark that nothing is given, not the word None a list says it is empty with.
    if (/^none\b/.test(t)) return true;
  }
  if (t.endsWith('.') && t !== 'n.a.') t = t.slice(0, -1).trimEnd();
  return PLACEHOLDER_SET.has(t) || (t.length > 5 && PLACEHOLDER_PHRASE.test(t));
}

/** `None` (or `None listed`) as a list's whole value: the document says the list is empty. */
export function isNone(text: string): boolean {
  return /^none(?: listed)?\.?$/i.test(text.trim());
}

/**
 * Why a value is unknown, as what the document did: wrote the sentinel, wrote a placeholder, left
 * out the section the value belongs to, or has the section but does not state the value.
 */
export const UNKNOWN_REASONS = ['sentinel', 'placeholder', 'section absent', 'not stated'] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

/**
 * A value a document does not give: why, and, once read from a text, the line that says so (null
 * when no line does: a section that is absent). Every stage speaks of an unknown value this way,
 * from the document model to the corpus generator's descriptions.
 */
export interface Unknown {
  readonly unknown: UnknownReason;
  readonly line?: number | null;
}

/** A value a document either gives or leaves unknown. */
export type Known<T> = T | Unknown;

/** True when `value` is unknown (the one test for it: known values are text, lists and codes, never an object with `unknown`). */
export const isUnknown = <T>(value: Known<T>): value is Unknown => typeof value === 'object' && value !== null && 'unknown' in value;

/**
 * The fields that may be unknown, by the scope they belong to: the record of a documented code,
 * or one entry of one of its list fields (keyed by the entry's code). Every field of the document
 * may be unknown; the names are those of src/domain/fields.ts, the API and `show --json`, so an
 * unknown_values row and an `unknown` array speak the same words.
 */
export const UNKNOWABLE_FIELDS: { readonly record: readonly RecordField[] } & { readonly [L in ListField]: readonly EntryField<L>[] } = {
  record: RECORD_FIELD_NAMES,
  ...(Object.fromEntries(LIST_FIELDS.map((list) => [list, entryFields(list)])) as unknown as { [L in ListField]: EntryField<L>[] }),
};

export type UnknownScope = keyof typeof UNKNOWABLE_FIELDS;
export type UnknowableField<S extends UnknownScope> = S extends ListField ? EntryField<S> : RecordField;

export const UNKNOWN_SCOPES: readonly [UnknownScope, ...UnknownScope[]] = ['record', ...LIST_FIELDS];
