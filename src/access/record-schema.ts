/**
 * The record's shape as a zod schema, built from the field registry (src/domain/fields.ts) — the
 * same source the record itself is built from — and checked at compile time to be exactly
 * `CodeRecord`. `codebook schema` prints its JSON Schema (2020-12), a contract others can read.
 */
import { z } from 'zod';
import { CODE_FORMATS, CODE_SYSTEMS } from '../domain/codes.js';
import {
  entryFields,
  LIST_ENTRIES,
  NAMES_FIELDS,
  RECORD_FIELDS,
  TEXT_FIELDS,
  type EntryField,
  type ListField,
  type NamesField,
  type TextField,
} from '../domain/fields.js';
import { CODE_RECORD_FIELDS, type CodeRecord } from './record.js';

/** A CPT or HCPCS code, in any of their formats. */
const billingCode = z.string().regex(new RegExp(CODE_FORMATS.map((format) => format.pattern.source).join('|')));

const nullableText = (description: string) =>
  z
    .string()
    .nullable()
    .meta({ description: `${description}; null when unknown.` });

const oneOf = <T extends string>(values: readonly T[]) => z.enum(values as unknown as [T, ...T[]]);

type EntrySchema<L extends ListField> = z.ZodObject<
  { code: z.ZodString } & { [F in EntryField<L>]: z.ZodNullable<z.ZodString> } & {
    unknown: z.ZodArray<z.ZodEnum<{ [F in EntryField<L>]: F }>>;
  },
  z.core.$strict
>;

function entrySchema<L extends ListField>(list: L): EntrySchema<L> {
  const { label, catalog, fields } = LIST_ENTRIES[list];
  const code = catalog === 'code' ? billingCode : z.string();
  const entryShape = Object.fromEntries(
    entryFields(list).map((field) => [field, nullableText((fields as Record<string, { label: string }>)[field]!.label)]),
  );
  return z
    .strictObject({
      code: code.meta({ description: `The ${label}'s code.` }),
      ...entryShape,
      unknown: z.array(oneOf(entryFields(list))).meta({ description: `The fields of this ${label} its document leaves unknown.` }),
    })
    .meta({ description: `A ${label}, in document order.` }) as unknown as EntrySchema<L>;
}

type RecordShape = { code: typeof billingCode; codeSystem: z.ZodEnum<{ [S in (typeof CODE_SYSTEMS)[number]]: S }> } & {
  [F in TextField]: z.ZodNullable<z.ZodString>;
} & { [F in NamesField]: z.ZodArray<z.ZodString> } & { [L in ListField]: z.ZodArray<EntrySchema<L>> } & {
  unknown: z.ZodArray<z.ZodEnum<{ [F in (typeof CODE_RECORD_FIELDS)[number]]: F }>>;
  sources: z.ZodArray<z.ZodObject<{ path: z.ZodString; sha256: z.ZodString }, z.core.$strict>>;
};

const fieldSchemas = Object.fromEntries(
  CODE_RECORD_FIELDS.map((field) => {
    const spec = RECORD_FIELDS[field];
    if ((TEXT_FIELDS as readonly string[]).includes(field)) return [field, nullableText(spec.label)];
    if ((NAMES_FIELDS as readonly string[]).includes(field))
      return [field, z.array(z.string()).meta({ description: `${spec.label}, in document order; [] is none unless named in unknown.` })];
    const list = field as ListField;
    return [
      field,
      z.array(entrySchema(list)).meta({ description: `${spec.label}, in document order; [] is none unless named in unknown.` }),
    ];
  }),
);

/** A documented code's record: what `getCode` returns, `show --json` prints and `codebook export` writes. */
export const CodeRecordSchema = z
  .strictObject({
    code: billingCode.meta({ description: 'The documented code.' }),
    codeSystem: z.enum(CODE_SYSTEMS).meta({ description: "The code system, from the code's format." }),
    ...fieldSchemas,
    unknown: z
      .array(oneOf(CODE_RECORD_FIELDS))
      .meta({ description: 'The fields this document leaves unknown: null (or []) there means unknown, not none.' }),
    sources: z
      .array(
        z.strictObject({
          path: z.string().meta({ description: "The document's path, relative to where the build ran." }),
          sha256: z
            .string()
            .regex(/^[0-9a-f]{64}$/)
            .meta({ description: 'The SHA-256 of the document file.' }),
        }),
      )
      .min(1)
      .meta({ description: "The documents the facts come from: the code's own first, then those that supplied catalog values." }),
  })
  .meta({
    title: 'codebook record',
    description:
      'One documented CPT or HCPCS code, as its billing code overview document describes it. A value that is unknown is ' +
      'null (a list, []) and its field is named in the nearest unknown array.',
  }) as unknown as z.ZodObject<RecordShape, z.core.$strict>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time: the schema's type is exactly the record's (both ways), so neither can drift from the other. */
const recordTypesAgree: Same<z.infer<typeof CodeRecordSchema>, CodeRecord> = true;
void recordTypesAgree;

/** The JSON Schema (2020-12) of a record. */
export function recordJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CodeRecordSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
