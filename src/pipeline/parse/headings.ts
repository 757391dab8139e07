/**
 * Headings and keys: the words that say where a value belongs. Section headings (and their
 * synonyms and sub-headings), `Key: value` keys, and lines that read like a heading the template
 * does not have. All are matched on the plain text of the line: Markdown heading marks, bold,
 * outline numbers (`2.`, `II.`, `2.1`), `®` and a final colon are formatting.
 */
import {
  KEY_TEXT_FIELDS,
  keyedField,
  NAMES_FIELDS,
  WORKFLOW_PHASES,
  type KeyField,
  type SectionName,
  type WorkflowPhase,
} from '../../domain/fields.js';
import { isPlaceholder } from '../../domain/unknowns.js';
import { plainText } from './inline.js';
import { singleSpaced } from './lines.js';

export type { KeyField, SectionName };

/** The sections whose prose is stored; the others hold tables only. */
export const PROSE_SECTIONS = ['summary', 'billing', 'clinical'] as const satisfies readonly SectionName[];

const OUTLINE_NUMBER = /^(?:(?:section|part)\s+(?:\d+|[IVX]+)\s*[:.)\u2013\u2014-]?|\d+(?:\.\d+)*[.)]?|[IVX]+[.)])\s+/i;
/** Symbols before a heading's words (`📋 Summary`, `» Billing`): decoration. */
const LEADING_SYMBOLS = /^[^\p{L}\p{N}]+/u;

/** Words and spaces only: already a heading's text, but for its case (the fast path). */
const PLAIN_WORDS = /^[A-Za-z][A-Za-z &,-]*[A-Za-z]$/;

/** `## 2. **Billing Code Overview:**` → `billing code overview`; `Related CPT® / HCPCS Codes` → `related cpt/hcpcs codes`. */
export function headingText(text: string): string {
  if (PLAIN_WORDS.test(text) && !text.includes('  ')) return text.toLowerCase();
  // Each mark is looked for before it is replaced: most headings have one or two of them.
  let words = plainText(unmarkedHeading(text));
  if (LEADING_SYMBOLS.test(words)) words = words.replace(LEADING_SYMBOLS, '');
  if (/^[\dIVXSsPp]/.test(words)) words = words.replace(OUTLINE_NUMBER, '');
  if (words.includes('®') || words.includes('™')) words = words.replace(/[®™]/g, '');
  if (words.endsWith(':')) words = words.replace(/\s*:$/, '');
  if (words.includes('/')) words = words.replace(/\s*\/\s*/g, '/');
  return singleSpaced(words).trim().toLowerCase();
}

/** A line without the marks of a Markdown heading (`## Summary`, `## Summary ##`). */
export const unmarkedHeading = (line: string): string => {
  const unopened = line.startsWith('#') ? line.replace(/^#{1,6}\s*/, '') : line;
  return unopened.endsWith('#') ? unopened.replace(/\s+#+$/, '') : unopened;
};

const headings = (section: SectionName, ...names: string[]): [string, SectionName][] => names.map((name) => [name, section]);

/**
 * The template's headings and the names other generators give the same sections, or sub-headings
 * inside them (`Modifiers` under Coding Specifications). A heading of the section that is open
 * opens nothing new.
 */
const HEADINGS: ReadonlyMap<string, SectionName> = new Map([
  ...headings(
    'summary',
    'summary & overview',
    'summary and overview',
    'summary',
    'overview',
    'code overview',
    'code summary',
    'executive summary',
  ),
  ...headings(
    'billing',
    'billing code overview',
    'billing overview',
    'billing information',
    'billing details',
    'billing and coding overview',
    'billing',
  ),
  ...headings(
    'specifications',
    'clinical & coding specifications',
    'clinical and coding specifications',
    'clinical & coding specification',
    'clinical and coding specification',
  ),
  ...headings(
    'clinical',
    'clinical context',
    'clinical vignette',
    'clinical scenario',
    'clinical example',
    'workflow',
    'workflows',
    'clinical workflow',
    'clinical workflows',
    'typical workflow',
    'procedure workflow',
    'workflow phases',
  ),
  ...headings(
    'coding',
    'coding specifications',
    'coding specification',
    'modifiers',
    'modifier',
    'applicable modifiers',
    'common modifiers',
    'relevant modifiers',
    'modifier guidance',
    'provider taxonomies',
    'provider taxonomy',
    'provider taxonomy codes',
    'taxonomy codes',
    'taxonomies',
    'nucc taxonomy codes',
    'relevant provider taxonomies',
    'coding guidelines',
    'coding guidance',
    'coding details',
  ),
  ...headings(
    'diagnoses',
    'related diagnoses',
    'related diagnosis codes',
    'diagnoses',
    'diagnosis codes',
    'associated diagnoses',
    'common diagnoses',
    'icd-10 codes',
    'icd-10-cm codes',
    'related icd-10 codes',
    'related icd-10-cm codes',
    'related icd-10-cm diagnoses',
  ),
  ...headings(
    'relatedCodes',
    'related cpt codes',
    'related hcpcs codes',
    'related cpt/hcpcs codes',
    'related cpt and hcpcs codes',
    'related codes',
    'related procedure codes',
    'associated codes',
    'related procedures',
  ),
]);

/** The longest line that can be a heading, with room for Markdown, bold and outline numbers. */
export const HEADING_MAX_LENGTH = 72;

/**
 * The section a heading line opens: by its words, or by the words before a parenthetical or a
 * second subject (`Related Diagnoses (ICD-10-CM)`, `Clinical Context & Workflow`).
 */
export function knownHeading(line: string, words?: string): SectionName | undefined {
  if (line.length > HEADING_MAX_LENGTH || line.includes('|')) return undefined;
  const text = words ?? headingText(line);
  const exact = HEADINGS.get(text);
  if (exact !== undefined || /[.!?,;]$/.test(text) || wordCount(text) > 8) return exact;
  const beforeParenthetical = text.endsWith(')') ? HEADINGS.get(text.replace(/\s*\([^)]*\)$/, '')) : undefined;
  const secondSubject = / (?:&|and|-|–|—) /.exec(text);
  return (
    beforeParenthetical ??
    (secondSubject === null ? undefined : HEADINGS.get(text.slice(0, secondSubject.index))) ??
    (line.includes(':') ? undefined : sectionBySubject(text))
  );
}

/**
 * The subjects that name a list section in any wording (`Related HCPCS/CPT Codes`, `Associated ICD-10
 * Diagnoses`, `Modifier Usage`), in the order they are tried: a heading about diagnosis codes is
 * about diagnoses before it is about codes.
 */
const SECTION_SUBJECTS: readonly (readonly [RegExp, SectionName])[] = [
  [/\bicd\b|\bdiagnos[ie]s\b|\bdiagnosis codes\b/, 'diagnoses'],
  [/\b(?:related|associated|companion|alternative|adjunct|other|similar|crosswalk|add-on)\b.*\b(?:codes|procedures)\b/, 'relatedCodes'],
  [/\b(?:cpt|hcpcs)\b.*\bcodes\b/, 'relatedCodes'],
  [/\bmodifiers?\b|\btaxonom(?:y|ies)\b|\bnucc\b/, 'coding'],
  [/\bworkflows?\b|\bclinical (?:context|scenario|vignette|example|case)s?\b/, 'clinical'],
];

/**
 * A short heading without codes or numbers (but ICD-10's) that names a section's subject; never a
 * key (`Preoperative workflow`), which says where a value goes, not where a section starts.
 */
function sectionBySubject(text: string): SectionName | undefined {
  if (wordCount(text) > 6 || /\d/.test(text.replace(/\bicd-?10(?:-cm)?\b/g, '')) || keyTarget('', text) !== undefined) return undefined;
  return SECTION_SUBJECTS.find(([subject]) => subject.test(text))?.[1];
}

/** The words of a heading's text (one space between words). */
const wordCount = (text: string): number => {
  let spaces = 0;
  for (let i = text.indexOf(' '); i !== -1; i = text.indexOf(' ', i + 1)) spaces++;
  return spaces + 1;
};

const MINOR_WORDS = new Set(['a', 'an', 'and', 'or', 'of', 'the', 'for', 'to', 'in', 'on', 'with', 'by', 'vs', '&', '/']);

/**
 * A line that reads like a heading the template does not have: short, title-cased, no sentence
 * punctuation, written plain, as Markdown or bold like the template's own headings. Paragraphs
 * in the template are full sentences, so this does not catch prose; a colon makes the line a
 * `Key: value` field (`Service Type: Surgical`), never a heading; a placeholder (`N/A`, `TBD`) is a value.
 */
export function looksLikeHeading(line: string): boolean {
  if (line.length > HEADING_MAX_LENGTH) return false;
  const text = plainText(line.replace(/^#{1,6}\s*/, ''))
    .replace(OUTLINE_NUMBER, '')
    .trim();
  if (text.length === 0 || text.length > 60 || /[.,;!?]$/.test(text) || /[:|]/.test(text) || isPlaceholder(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > 8 || !/^[A-Z]/.test(text)) return false;
  return words.every((w) => MINOR_WORDS.has(w.toLowerCase()) || /^[A-Z0-9(]/.test(w));
}

/**
 * What a key names: a field (`payers` is the payer list written as a field, when a document has no
 * payer sentence), or a workflow phase.
 */
export type KeyTarget = KeyField | WorkflowPhase;

/** Every field's keys (src/domain/fields.ts), by their words. */
const KEYS: ReadonlyMap<string, KeyField> = new Map(
  [...KEY_TEXT_FIELDS, ...NAMES_FIELDS].flatMap((field) => keyedField(field).keys.map((key) => [headingText(key), field] as const)),
);

/**
 * What a phase is a phase of: the encounter a billing code is for (`Pre-operative`, `Post-visit`,
 * `During the session`). Other words after `pre`, `post`, `after` name other things (`Pre-authorization`, `After hours`).
 */
export const PHASE_STEMS =
  'operative|op|service|procedure|procedural|encounter|visit|evaluation|administration|session|treatment|infusion|injection|' +
  'assessment|surgery|surgical|operation|appointment|exam|examination|test|testing|study|scan|imaging|therapy|transfusion|' +
  'dialysis|delivery|anesthesia|fitting|consultation|consult|admission|discharge|stay';
const PHASE_SUFFIX = String.raw`(?: (?:workflow|workflows|phase|period|steps?|activities|tasks))?`;
/**
 * `Pre-service`, `Intraoperative workflow`, `Post-procedure phase`, `Pre-administration`, `Before the
 * session`, `Evaluation (intra-service)`: a workflow phase by any of its names — `pre`, `intra`,
 * `post` or `before`, `during`, `after` one of PHASE_STEMS; with that stem, for the middle phase written
 * as the stem alone (`Pre-visit`, `Visit`, `Post-visit`).
 */
const PHASE_KEY = new RegExp(String.raw`^(pre|intra|post)[- ]?(${PHASE_STEMS})${PHASE_SUFFIX}$`);
const TIME_KEY = new RegExp(String.raw`^(before|during|after)(?: (?:the |a |each )?(${PHASE_STEMS}))?${PHASE_SUFFIX}$`);
const TIME_PHASE = { before: 'pre', during: 'intra', after: 'post' } as const;

/** The middle phase written as what the phases are of (`Visit` after `Pre-visit`, `Administration` after `Pre-administration`). */
export const middlePhase = (key: string, stem: string | undefined): WorkflowPhase | undefined =>
  stem !== undefined && headingText(key) === stem ? 'intraoperative' : undefined;

/** What each of a run of keys names, the middle phase by the stem of the phase before it. */
export function keyTargets(keys: readonly string[]): (KeyTarget | undefined)[] {
  let stem: string | undefined;
  const targets: (KeyTarget | undefined)[] = [];
  for (const key of keys) {
    const words = headingText(key);
    targets.push(keyTarget(key, words) ?? middlePhase(key, stem));
    stem = phaseKey(words)?.stem ?? stem;
  }
  return targets;
}

/** The phase a key names, and its stem (`visit` for `Pre-visit`), or undefined. */
export function phaseKey(name: string): { phase: WorkflowPhase; stem: string } | undefined {
  const parenthetical = /^(\w+) \(([^)]+)\)$/.exec(name);
  if (parenthetical) {
    const inside = phaseKey(parenthetical[2]!);
    return inside && { phase: inside.phase, stem: parenthetical[1]! };
  }
  const prefixed = PHASE_KEY.exec(name);
  const timed = prefixed ? undefined : TIME_KEY.exec(name);
  const prefix = prefixed?.[1] ?? (timed ? TIME_PHASE[timed[1] as keyof typeof TIME_PHASE] : undefined);
  if (prefix === undefined) return undefined;
  return { phase: WORKFLOW_PHASES.find((p) => p.startsWith(prefix))!, stem: prefixed?.[2] ?? timed![2] ?? '' };
}

export function keyTarget(key: string, words?: string): KeyTarget | undefined {
  const name = words ?? headingText(key);
  const field = KEYS.get(name) ?? KEYS.get(withoutQualifiers(name));
  if (field !== undefined) return field;
  return phaseKey(name)?.phase;
}

/** Words that qualify a key without changing what it names: `Primary service type`, `Usual care settings`, `Payers (commercial)`. */
const QUALIFIER_WORDS =
  String.raw`\b(?:primary|typical|typically|common|commonly|usual|usually|main|general|overall|expected|applicable|relevant` +
  String.raw`|the|this|code|cpt|hcpcs|procedure)\b`;
const HAS_QUALIFIER = new RegExp(String.raw`\(|${QUALIFIER_WORDS}`);
const KEY_QUALIFIERS = new RegExp(String.raw`${QUALIFIER_WORDS}|\([^)]*\)$`, 'g');

const withoutQualifiers = (name: string): string =>
  HAS_QUALIFIER.test(name) ? singleSpaced(name.replace(KEY_QUALIFIERS, ' ')).trim() : name;

const KEY_VALUE = /^([A-Za-z][A-Za-z /&()-]{0,40}?)\s*(?::|\s=)\s*(.*)$/s;
/** `Service type — Surgical`: a dash after a key the template knows. */
const KEY_DASH_VALUE = /^([A-Za-z][A-Za-z /&()-]{0,40}?)\s+[\u2013\u2014-]\s+(.+)$/s;

/**
 * `Service type: Surgical`, `**Service type:** Surgical`, `*Pre-service*: review`, `**Service type** —
 * Surgical`: the key, what it names, and the value. After a dash, only a key the template knows.
 */
export function parseKeyValue(line: string): { key: string; target: KeyTarget | undefined; value: string } | undefined {
  const colon = line.includes(':') || line.includes(' = ');
  if (!colon && !/ [\u2013\u2014-] /.test(line)) return undefined;
  const plain = plainText(line);
  const match = (colon ? KEY_VALUE.exec(plain) : undefined) ?? KEY_DASH_VALUE.exec(plain);
  if (!match) return undefined;
  const [, key = '', value = ''] = match;
  if (key.split(/\s+/).length > 5) return undefined;
  const target = keyTarget(key);
  if (target === undefined && !/^(?::|=\s)/.test(plain.slice(key.length).trimStart())) return undefined;
  return { key, target, value: value.trim() };
}
