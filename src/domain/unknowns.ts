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

/**
 * What a generator writes where it has no value, instead of the sentinel: a dash, `N/A`, `TBD`...
 * A cell or value whose whole text is one of these (any case, with or without a final period, with
 * or without Markdown emphasis) is unknown for the reason `placeholder`, never stored as text.
 * An empty cell is not a placeholder: it is "not stated". `None` is not one either: in a list it
 * says the list is empty (see `isNone`), elsewhere it is what the document says.
 */
export const PLACEHOLDERS = ['—', '–', '-', '--', 'N/A', 'NA', 'Not available', 'Not applicable', 'Unknown', 'TBD', 'TBA'] as const;

const PLACEHOLDER_SET = new Set(PLACEHOLDERS.map((p) => p.toLowerCase()));
const LONGEST_PLACEHOLDER = Math.max(...PLACEHOLDERS.map((p) => p.length)) + 1;
/** How placeholders start: most text does not, and is told apart at once. */
const PLACEHOLDER_FIRST = new Set(PLACEHOLDERS.map((p) => p[0]!.toLowerCase()));

/** True when a cell or a value is, as a whole, one of the PLACEHOLDERS. */
export function isPlaceholder(text: string): boolean {
  if (text.length > LONGEST_PLACEHOLDER + 2) return false;
  const t = text.trim().toLowerCase();
  if (!PLACEHOLDER_FIRST.has(t.charAt(0))) return false;
  return PLACEHOLDER_SET.has(t) || (t.endsWith('.') && PLACEHOLDER_SET.has(t.slice(0, -1).trimEnd()));
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
