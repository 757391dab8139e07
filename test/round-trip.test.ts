/**
 * The round trip end to end, field by field: a generated document (its description), written in
 * any style, provisioned, reads back through getCode, getNarrative and unknownValues as exactly
 * what the description says. The expectation is made from the fields (src/domain/fields.ts), so
 * every field is in it, a new one included: a field lost between any two stages fails here.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentDescription, EntryItem, StatedText, Value } from '../corpus/description.js';
import { generateCorpus } from '../corpus/generate.js';
import { encodeDocument, renderWithWarnings } from '../corpus/render.js';
import { openCodebook } from '../src/access/codebook.js';
import { CODE_RECORD_FIELDS } from '../src/access/record.js';
import { classifyCode } from '../src/domain/codes.js';
import {
  entryFields,
  LIST_FIELDS,
  PROSE_FIELDS,
  RECORD_FIELDS,
  WORKFLOW_FIELDS,
  type ListField,
  type RecordField,
} from '../src/domain/fields.js';
import { isUnknown, type Unknown } from '../src/domain/unknowns.js';
import { provision } from '../src/pipeline/provision.js';
import { styleArbitrary } from './corpus/styles.js';
import { tempDir, writeFiles } from './helpers.js';

/** The code an entry is stored under. */
const ENTRY_CODE = {
  modifiers: (entry) => entry.code,
  relatedCodes: (entry) => entry.code,
  diagnoses: (entry) => entry.code.display,
  taxonomies: (entry) => entry.code.code,
} satisfies { [L in ListField]: (entry: EntryItem<L>) => string };
const entryCode = <L extends ListField>(list: L, entry: EntryItem<L>): string =>
  (ENTRY_CODE[list] as (entry: EntryItem<L>) => string)(entry);

const firstOfEach = <T>(items: readonly T[], key: (item: T) => string): T[] => {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
};

const text = (value: Value<string>): string | null => (isUnknown(value) ? null : value);
const field = (object: object, name: string): Value<string> => (object as Record<string, Value<string>>)[name]!;

/** What the description says of a list field's entries: the first per code, the document's own related-codes row aside. */
function entriesOf<L extends ListField>(d: DocumentDescription, list: L): EntryItem<L>[] {
  const value = d[list] as Value<readonly EntryItem<L>[]>;
  if (isUnknown(value)) return [];
  return firstOfEach(value, (entry) => entryCode(list, entry)).filter(
    (entry) => list !== 'relatedCodes' || entryCode(list, entry) !== d.code,
  );
}

/** The value of a record field as the description says it: the descriptor is its own related-codes row's. */
function statedValue(d: DocumentDescription, name: RecordField): Value<unknown> {
  if ((RECORD_FIELDS[name] as { source?: string }).source !== 'own row') return d[name as Exclude<RecordField, 'descriptor'>];
  const own = isUnknown(d.relatedCodes) ? undefined : d.relatedCodes.find((r) => r.code === d.code);
  if (own) return own.descriptor;
  return isUnknown(d.relatedCodes) ? d.relatedCodes : ({ unknown: 'not stated' } satisfies Unknown);
}

function expectedRecord(d: DocumentDescription, source: { path: string; sha256: string }) {
  const record: Record<string, unknown> = { code: d.code, codeSystem: classifyCode(d.code)!.system };
  const unknown: string[] = [];
  for (const name of CODE_RECORD_FIELDS) {
    const value = statedValue(d, name);
    if (isUnknown(value)) unknown.push(name);
    switch (RECORD_FIELDS[name].kind) {
      case 'text':
        record[name] = text(value as Value<string>);
        break;
      case 'names':
        record[name] = isUnknown(value)
          ? []
          : firstOfEach(value as readonly StatedText[], (item) => item.value.toLowerCase()).map((item) => item.value);
        break;
      case 'list': {
        const list = name as ListField;
        record[name] = entriesOf(d, list).map((entry) => {
          const fields = entryFields(list);
          return {
            code: entryCode(list, entry),
            ...Object.fromEntries(fields.map((f) => [f, text(field(entry, f))])),
            unknown: fields.filter((f) => isUnknown(field(entry, f))),
          };
        });
        break;
      }
    }
  }
  return { ...record, unknown, sources: [source] };
}

function expectedNarrative(d: DocumentDescription) {
  return {
    code: d.code,
    ...Object.fromEntries(PROSE_FIELDS.map((name) => [name, text(d[name])])),
    workflows: WORKFLOW_FIELDS.flatMap((name) => (isUnknown(d[name]) ? [] : [{ phase: RECORD_FIELDS[name].phase, description: d[name] }])),
    unknown: [...PROSE_FIELDS, ...WORKFLOW_FIELDS].filter((name) => isUnknown(d[name])),
  };
}

/** Every unknown value, with why: the record's fields, then each entry's. */
function expectedUnknownValues(d: DocumentDescription): string[] {
  const record = (Object.keys(RECORD_FIELDS) as RecordField[]).flatMap((name) => {
    const value = statedValue(d, name);
    return isUnknown(value) ? [`record ${d.code} ${name}: ${value.unknown}`] : [];
  });
  const entries = LIST_FIELDS.flatMap((list) =>
    entriesOf(d, list).flatMap((entry) =>
      entryFields(list).flatMap((f) => {
        const value = field(entry, f);
        return isUnknown(value) ? [`${list} ${entryCode(list, entry)} ${f}: ${value.unknown}`] : [];
      }),
    ),
  );
  return [...record, ...entries].sort();
}

describe('a document, written in any style and provisioned, reads back as its description', () => {
  it('in its record, its narrative and its unknown values, for every field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), styleArbitrary, async (corpusSeed, style) => {
        const [document] = generateCorpus({ seed: corpusSeed, count: 1 }).documents;
        const { description } = document!;
        const bytes = encodeDocument(renderWithWarnings(description, style, document!.extras).text, style);
        const seeds = writeFiles(join(tempDir(), 'seeds'), { [document!.path]: bytes });
        const db = join(tempDir(), 'reference.db');
        await provision(seeds, db);
        const codebook = openCodebook(db);
        try {
          const source = { path: join(seeds, document!.path), sha256: createHash('sha256').update(bytes).digest('hex') };
          expect(codebook.getCode(description.code)).toEqual(expectedRecord(description, source));
          expect(codebook.getNarrative(description.code)).toEqual(expectedNarrative(description));
          const stored = codebook.unknownValues({ code: description.code }).map((v) => `${v.scope} ${v.itemKey} ${v.field}: ${v.reason}`);
          expect(stored.sort()).toEqual(expectedUnknownValues(description));
        } finally {
          codebook.close();
        }
      }),
      { seed: 20956, numRuns: 40 },
    );
  });
});
