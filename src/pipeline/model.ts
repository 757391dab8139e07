/**
 * The document model: what one billing-code overview document says, typed and validated.
 * The zod schemas here are the typed boundary of the pipeline; every type below is inferred from them.
 * A value is either known or `Unavailable` (with why), never the sentinel text.
 */
import { z } from 'zod';
import { canonicalCode, classifyCode, icd10Forms, MODIFIER_PATTERN, readNuccCode } from '../domain/codes.js';
import { isPlaceholder, isSentinel, UNAVAILABLE_REASONS, WORKFLOW_PHASES } from '../domain/unknowns.js';

const unavailableSchema = z.object({
  unavailable: z.enum(UNAVAILABLE_REASONS),
  line: z.number().int().positive().nullable(),
});
export type Unavailable = z.infer<typeof unavailableSchema>;

export const isUnavailable = (value: unknown): value is Unavailable =>
  typeof value === 'object' && value !== null && 'unavailable' in value;

/**
 * A value the document either states or leaves unknown. The stated branch is tried first: most
 * values are stated, and a union pays for each branch that fails before one passes.
 */
const known = <T extends z.ZodType>(schema: T) => z.union([schema, unavailableSchema]);
export type Known<T> = T | Unavailable;

/** What trim() takes off: a text that starts or ends with one is padded. */
const SPACE = /\s/;

/** A value as the document states it: not blank or padded, not the sentinel, not a placeholder (one check: it runs for every value). */
const statedText = z.string().superRefine((s, ctx) => {
  if (s === '' || SPACE.test(s[0]!) || SPACE.test(s[s.length - 1]!)) ctx.addIssue({ code: 'custom', message: 'text is blank or padded' });
  if (isSentinel(s)) ctx.addIssue({ code: 'custom', message: 'the sentinel is not a value' });
  if (isPlaceholder(s)) ctx.addIssue({ code: 'custom', message: 'a placeholder is not a value' });
});

const located = <T extends z.ZodType>(value: T) => z.object({ line: z.number().int().positive(), value });

/** A list given in prose or as list items (payers, sites of service): each item with its line. */
const statedList = z.array(located(statedText));

// Codes are made canonical by `overwrite` rather than `transform`: the type stays a string, and a
// string check costs a fraction of a transform's pipe (these run for every row of every table).
const billingCodeSchema = z
  .string()
  .overwrite(canonicalCode)
  .superRefine((code, ctx) => {
    if (!classifyCode(code)) ctx.addIssue({ code: 'custom', message: `"${code}" is not a valid CPT or HCPCS code` });
  });

const modifierCodeSchema = z
  .string()
  .overwrite(canonicalCode)
  .superRefine((code, ctx) => {
    if (!MODIFIER_PATTERN.test(code)) {
      ctx.addIssue({ code: 'custom', message: `"${code}" is not a modifier (two letters or digits)` });
    }
  });

const icd10CodeSchema = z.string().transform((raw, ctx) => {
  const forms = icd10Forms(raw);
  if (!forms) {
    ctx.addIssue({ code: 'custom', message: `"${raw.trim()}" is not an ICD-10-CM code` });
    return z.NEVER;
  }
  return forms;
});

const nuccCodeSchema = z.string().transform((raw, ctx) => {
  const reading = readNuccCode(raw);
  if (!reading) {
    ctx.addIssue({ code: 'custom', message: `"${raw.trim()}" is not a NUCC taxonomy code (10 characters, ending in X)` });
    return z.NEVER;
  }
  return reading;
});

/** A table row: where it is, its text (for diagnostics that quote it), its cells by field. */
const row = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ line: z.number().int().positive(), source: z.string(), ...shape });

const modifierRowSchema = row({
  code: modifierCodeSchema,
  description: known(statedText),
  whenToUse: known(statedText),
});
const relatedCodeRowSchema = row({
  code: billingCodeSchema,
  /** Written with the CPT add-on mark, `+69990`. */
  markedAddOn: z.boolean(),
  descriptor: known(statedText),
  relationship: known(statedText),
});
const diagnosisRowSchema = row({
  code: icd10CodeSchema,
  description: known(statedText),
  clinicalRelevance: known(statedText),
});
const taxonomyRowSchema = row({
  code: nuccCodeSchema,
  specialty: known(statedText),
  notes: known(statedText),
});

export const documentSchema = z.object({
  code: billingCodeSchema,
  titleLine: z.number().int().positive(),
  /** The title line writes the code with the CPT add-on mark (`+69990`, or `(add-on code)`). */
  markedAddOn: z.boolean(),
  title: known(statedText),
  summary: known(statedText),
  payers: known(statedList),
  billingOverview: known(statedText),
  serviceType: known(statedText),
  sitesOfService: known(statedList),
  clinicalVignette: known(statedText),
  workflows: z.object(
    Object.fromEntries(WORKFLOW_PHASES.map((phase) => [phase, known(statedText)])) as Record<
      (typeof WORKFLOW_PHASES)[number],
      ReturnType<typeof known<typeof statedText>>
    >,
  ),
  modifiers: known(z.array(modifierRowSchema)),
  relatedCodes: known(z.array(relatedCodeRowSchema)),
  diagnoses: known(z.array(diagnosisRowSchema)),
  taxonomies: known(z.array(taxonomyRowSchema)),
});

/** The input of documentSchema: cells as written. */
export type DocumentCandidate = z.input<typeof documentSchema>;
export type DocumentModel = z.output<typeof documentSchema>;
export type ModifierRow = z.output<typeof modifierRowSchema>;
export type RelatedCodeRow = z.output<typeof relatedCodeRowSchema>;
export type DiagnosisRow = z.output<typeof diagnosisRowSchema>;
export type TaxonomyRow = z.output<typeof taxonomyRowSchema>;

export const LIST_ROW_SCHEMAS = {
  modifiers: modifierRowSchema,
  relatedCodes: relatedCodeRowSchema,
  diagnoses: diagnosisRowSchema,
  taxonomies: taxonomyRowSchema,
} as const;
