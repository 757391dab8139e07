/**
 * The document model: what one billing-code overview document says, typed and validated.
 * The zod schemas here are the typed boundary of the pipeline; every type below is inferred from them.
 * A value is either known or `Unknown` (with why, see src/domain/unknowns.ts), never the sentinel text.
 */
import { z } from 'zod';
import { canonicalCode, classifyCode, icd10Forms, MODIFIER_PATTERN, readNuccCode } from '../domain/codes.js';
import {
  entryFields,
  RECORD_FIELDS,
  STATED_FIELDS,
  type EntryField,
  type FieldKind,
  type ListField,
  type StatedField,
} from '../domain/fields.js';
import { afterSentinel, isPlaceholder, isSentinel, UNKNOWN_REASONS, type Unknown } from '../domain/unknowns.js';

/** An unknown value read from a text: with the line that says so (null for an absent section). */
const unknownSchema: z.ZodType<Unknown> = z.object({
  unknown: z.enum(UNKNOWN_REASONS),
  line: z.number().int().positive().nullable(),
});

/**
 * A value the document either states or leaves unknown. The stated branch is tried first: most
 * values are stated, and a union pays for each branch that fails before one passes.
 */
const known = <T extends z.ZodType>(schema: T) => z.union([schema, unknownSchema]);

/** What trim() takes off: a text that starts or ends with one is padded. */
const SPACE = /\s/;

/** A value as the document states it: not blank or padded, not the sentinel, not a placeholder (one check: it runs for every value). */
const statedText = z.string().superRefine((s, ctx) => {
  if (s === '' || SPACE.test(s[0]!) || SPACE.test(s[s.length - 1]!)) ctx.addIssue({ code: 'custom', message: 'text is blank or padded' });
  if (isSentinel(s) || afterSentinel(s) !== undefined) ctx.addIssue({ code: 'custom', message: 'the sentinel is not a value' });
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
const row = <S extends z.ZodRawShape>(shape: S) => z.object({ line: z.number().int().positive(), source: z.string(), ...shape });

/** Each entry field as a shape: a text, known or not. */
const entryShape = <L extends ListField>(list: L) =>
  Object.fromEntries(entryFields(list).map((field) => [field, known(statedText)])) as { [F in EntryField<L>]: KnownText };
type KnownText = ReturnType<typeof known<typeof statedText>>;

/** The entries of each list field: their code, written as the list's codes are, and their fields. */
export const LIST_ROW_SCHEMAS = {
  modifiers: row({ code: modifierCodeSchema, ...entryShape('modifiers') }),
  relatedCodes: row({
    code: billingCodeSchema,
    /** Written with the CPT add-on mark, `+69990`. */
    markedAddOn: z.boolean(),
    ...entryShape('relatedCodes'),
  }),
  diagnoses: row({ code: icd10CodeSchema, ...entryShape('diagnoses') }),
  taxonomies: row({ code: nuccCodeSchema, ...entryShape('taxonomies') }),
} as const satisfies Record<ListField, z.ZodType>;

/** The schema of each kind of field the document states. */
const KIND_SCHEMAS = {
  text: known(statedText),
  prose: known(statedText),
  names: known(statedList),
  workflow: known(statedText),
} as const satisfies Record<Exclude<FieldKind, 'list'>, z.ZodType>;

type FieldSchema<F extends StatedField> = F extends ListField
  ? ReturnType<typeof known<z.ZodArray<(typeof LIST_ROW_SCHEMAS)[F]>>>
  : (typeof KIND_SCHEMAS)[Exclude<(typeof RECORD_FIELDS)[F]['kind'], 'list'>];

const fieldSchema = (field: StatedField): z.ZodType => {
  const spec = RECORD_FIELDS[field];
  return spec.kind === 'list' ? known(z.array(LIST_ROW_SCHEMAS[field as ListField])) : KIND_SCHEMAS[spec.kind];
};

export const documentSchema = z.object({
  code: billingCodeSchema,
  titleLine: z.number().int().positive(),
  /** The title line writes the code with the CPT add-on mark (`+69990`, or `(add-on code)`). */
  markedAddOn: z.boolean(),
  ...(Object.fromEntries(STATED_FIELDS.map((field) => [field, fieldSchema(field)])) as { [F in StatedField]: FieldSchema<F> }),
});

/** The input of documentSchema: cells as written. */
export type DocumentCandidate = z.input<typeof documentSchema>;
export type DocumentModel = z.output<typeof documentSchema>;
/** An entry of list field `L`, as the model holds it. */
export type EntryRow<L extends ListField> = z.output<(typeof LIST_ROW_SCHEMAS)[L]>;
