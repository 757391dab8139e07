/**
 * The formats of the codes codebook stores, and what a code's format says about it.
 * Every other module asks here; no other module writes a code pattern.
 */

export const CODE_SYSTEMS = ['CPT', 'HCPCS'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

export const CODE_CATEGORIES = ['Category I', 'Category II', 'Category III', 'PLA', 'Level II'] as const;
export type CodeCategory = (typeof CODE_CATEGORIES)[number];

interface CodeFormat {
  readonly category: CodeCategory;
  readonly system: CodeSystem;
  readonly pattern: RegExp;
  /** The same pattern as an SQLite GLOB, for CHECK constraints. */
  readonly glob: string;
}

export const CODE_FORMATS: readonly CodeFormat[] = [
  { category: 'Category I', system: 'CPT', pattern: /^\d{5}$/, glob: '[0-9][0-9][0-9][0-9][0-9]' },
  { category: 'Category II', system: 'CPT', pattern: /^\d{4}F$/, glob: '[0-9][0-9][0-9][0-9]F' },
  { category: 'Category III', system: 'CPT', pattern: /^\d{4}T$/, glob: '[0-9][0-9][0-9][0-9]T' },
  { category: 'PLA', system: 'CPT', pattern: /^\d{4}U$/, glob: '[0-9][0-9][0-9][0-9]U' },
  { category: 'Level II', system: 'HCPCS', pattern: /^[A-Z]\d{4}$/, glob: '[A-Z][0-9][0-9][0-9][0-9]' },
];

export interface CodeClass {
  readonly system: CodeSystem;
  readonly category: CodeCategory;
}

/** The system and category of a billing code, from its format; undefined when it is not a CPT or HCPCS code. */
export function classifyCode(code: string): CodeClass | undefined {
  const format = CODE_FORMATS.find((f) => f.pattern.test(code));
  return format && { system: format.system, category: format.category };
}

/** Codes are written in upper case; documents sometimes do not. */
export function canonicalCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * The CPT add-on mark: `+69990` is the code 69990, which the document marks as an add-on code
 * (one reported in addition to a primary procedure). The mark is kept beside the code.
 */
export function readAddOnMark(raw: string): { readonly code: string; readonly markedAddOn: boolean } {
  const text = raw.trim();
  return text.startsWith('+') ? { code: text.slice(1).trimStart(), markedAddOn: true } : { code: text, markedAddOn: false };
}

/** A modifier written as it is appended to a code (`-59`, `–59`) or named (`Modifier 59`, `Mod 59`) is the modifier 59. */
export const withoutModifierHyphen = (raw: string): string =>
  raw
    .trim()
    .replace(/^(?:modifier|mod\.?)\s*/i, '')
    .replace(/^[-\u2013\u2014]\s*(?=[0-9A-Za-z]{2}$)/, '');

/** A code cell that names its code system before the code (`CPT 15738`, `HCPCS G0121`, `ICD-10-CM M17.11`): the code. */
export const withoutSystemName = (raw: string): string =>
  raw.trim().replace(/^(\+?\s*)(?:CPT|HCPCS(?:\s+Level\s+II)?|ICD-?10(?:-?CM)?|NUCC)\s*[®©]?\s*(?:code\s*)?:?\s+(?=\S)/i, '$1');

/** A token that may be a code of any kind: letters, digits and dots, with a digit, after an optional add-on mark. */
const CODE_TOKEN = /^\+?\s*[0-9A-Za-z][0-9A-Za-z.]*$/;
const looksLikeCode = (token: string): boolean => CODE_TOKEN.test(token) && /\d/.test(token) && token.replace(/^\+\s*/, '').length >= 2;

const RANGE = /^(\S+)\s*(?:[-\u2013\u2014]|\s(?:to|through|thru)\s)\s*(\S+)$/i;
const LIST_SEPARATOR = /\s*(?:[,;/&]|\band\b|\bor\b)\s*/i;

/**
 * A code cell that names several codes: a list (`99213, 99214`, `99213/99214`, `M17.11 and M17.12`)
 * or a range (`11042-11047`, `L97.411–L97.414`, `99202 to 99205`). Undefined for one code, or for
 * text that is not made of codes.
 */
export function severalCodes(raw: string): { readonly list: string[] } | { readonly range: readonly [string, string] } | undefined {
  const text = raw.trim();
  const range = RANGE.exec(text);
  if (range && looksLikeCode(range[1]!) && looksLikeCode(range[2]!) && !text.startsWith('-')) return { range: [range[1]!, range[2]!] };
  if (!LIST_SEPARATOR.test(text)) return undefined;
  const parts = text.split(LIST_SEPARATOR).filter((part) => part !== '');
  return parts.length > 1 && parts.every((part) => looksLikeCode(part) || LETTER_MODIFIER.test(part)) ? { list: parts } : undefined;
}

/** A modifier of two capital letters (`RT / LT`): a code in a list, though it has no digit. */
const LETTER_MODIFIER = /^[A-Z]{2}$/;

/** Modifiers: two characters, digits or capital letters (62, LT, XS, 1P). */
export const MODIFIER_PATTERN = /^[0-9A-Z]{2}$/;
export const MODIFIER_GLOB = '[0-9A-Z][0-9A-Z]';

/** ICD-10-CM in display form: a letter, a digit, a digit or letter, then optionally a dot and 1–4 characters. */
export const ICD10_DISPLAY_PATTERN = /^[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/;
const ICD10_ANY_FORM = /^([A-Z]\d[0-9A-Z])\.?([0-9A-Z]{0,4})$/;

export interface Icd10Forms {
  readonly display: string;
  readonly dotless: string;
}

/** Both forms of an ICD-10-CM code written either way (M17.11 or M1711); undefined when it is not one. */
export function icd10Forms(raw: string): Icd10Forms | undefined {
  const match = ICD10_ANY_FORM.exec(canonicalCode(raw));
  if (!match) return undefined;
  const [, category = '', detail = ''] = match;
  if (raw.includes('.') && detail === '') return undefined;
  return { display: detail ? `${category}.${detail}` : category, dotless: category + detail };
}

/** NUCC Health Care Provider Taxonomy codes: 10 characters, the last always X. */
const NUCC_PATTERN = /^\d{3}[0-9A-Z]{6}X$/;
export const NUCC_GLOB = '[0-9][0-9][0-9][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]X';
const NUCC_WITHOUT_X = /^\d{3}[0-9A-Z]{5}[0-9A-WYZ]$/;

export type NuccReading = { readonly code: string; readonly addedTrailingX: boolean };

/** A NUCC code as written, or with its missing trailing X restored; undefined when it is neither. */
export function readNuccCode(raw: string): NuccReading | undefined {
  const code = canonicalCode(raw);
  if (NUCC_PATTERN.test(code)) return { code, addedTrailingX: false };
  if (NUCC_WITHOUT_X.test(code)) return { code: `${code}X`, addedTrailingX: true };
  return undefined;
}
