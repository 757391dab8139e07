/**
 * The difference between two releases of a reference database, per code and per field: the codes
 * added and removed; for each code in both, each field whose value differs — a text's old and new
 * value, a list's items added, removed or changed by their key (a modifier, related code,
 * diagnosis or taxonomy by its code, a site or payer by its name), and a value that became known
 * or unknown, called out as such; then each catalog value that differs (a descriptor reworded by
 * another document). Either database may be at an older migration: it is read through a migrated
 * copy in memory, never changed (src/db/migrated-copy.ts).
 */
import { sql } from 'drizzle-orm';
import { openAtLatestMigration } from '../db/migrated-copy.js';
import {
  CATALOG_NAMES,
  entryFields,
  RECORD_FIELD_NAMES,
  RECORD_FIELDS,
  type CatalogName,
  type ListField,
  type RecordField,
} from '../domain/fields.js';
import { CATALOGS } from '../schema/fields.js';
import { sourceDocuments } from '../schema/tables.js';
import { codebookOver, type Codebook } from './codebook.js';
import type { EditionId } from './editions.js';
import type { CodeNarrative } from './narrative.js';
import type { CodeRecord } from './record.js';

/** How a value differs: both known and different, known on one side only, or an item of a list on one side only. */
export const CHANGE_KINDS = ['changed', 'became known', 'became unknown', 'added', 'removed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A list entry as the diff shows it: its code and its fields (null when unknown). */
export type DiffEntry = { readonly code: string } & Readonly<Record<string, string | null>>;

/** A value in a change: a text, a name, a list entry, or a whole list (when it became known or unknown); null where there is none. */
export type DiffValue = string | DiffEntry | readonly (string | DiffEntry)[] | null;

/**
 * One difference in one code's record: `field` (a record field), and for a list item its `key`
 * (the entry's code, or the site's or payer's name) and, for one field of an entry, `entryField`.
 */
export interface FieldChange {
  readonly field: RecordField;
  readonly key: string | null;
  readonly entryField: string | null;
  readonly change: ChangeKind;
  readonly old: DiffValue;
  readonly new: DiffValue;
}

export interface CodeSummary {
  readonly code: string;
  readonly title: string | null;
}

export interface ChangedCode extends CodeSummary {
  readonly changes: readonly FieldChange[];
}

/** A catalog value that differs: which catalog, which entry, its old and new value, and the documents each came from. */
export interface CatalogChange {
  readonly catalog: CatalogName;
  readonly code: string;
  readonly change: Exclude<ChangeKind, 'added' | 'removed'>;
  readonly old: string | null;
  readonly new: string | null;
  readonly oldSource: string | null;
  readonly newSource: string | null;
}

export interface DiffSide {
  readonly path: string;
  /** Its edition id; null for a database migrated from before manifests and not built since. */
  readonly edition: EditionId | null;
  /** How many migrations its copy in memory was brought through (0: read as it is). */
  readonly migrated: number;
}

/** The `codebook diff --format json` shape. */
export interface CodebookDiff {
  readonly old: DiffSide;
  readonly new: DiffSide;
  readonly summary: {
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
    readonly unchanged: number;
    readonly catalogValuesChanged: number;
  };
  readonly added: readonly CodeSummary[];
  readonly removed: readonly CodeSummary[];
  readonly changed: readonly ChangedCode[];
  readonly catalogValues: readonly CatalogChange[];
}

/** A code's every field, as the diff compares it: its value, and whether it is unknown. */
type Fields = Record<RecordField, { readonly unknown: boolean; readonly value: DiffValue }>;

function fieldsOf(record: CodeRecord, narrative: CodeNarrative): Fields {
  const unknown = new Set<string>([...record.unknown, ...narrative.unknown]);
  const phases = new Map(narrative.workflows.map((w) => [w.phase, w.description]));
  const value = (field: RecordField): DiffValue => {
    const spec = RECORD_FIELDS[field];
    switch (spec.kind) {
      case 'text':
      case 'names':
        return record[field as keyof CodeRecord] as DiffValue;
      case 'list':
        return (record[field as ListField] as unknown as Record<string, unknown>[]).map((entry) => entryOf(field as ListField, entry));
      case 'prose':
        return narrative[field as keyof CodeNarrative] as string | null;
      case 'workflow':
        return phases.get(spec.phase) ?? null;
    }
  };
  return Object.fromEntries(RECORD_FIELD_NAMES.map((field) => [field, { unknown: unknown.has(field), value: value(field) }])) as Fields;
}

/** An entry with its unknown fields as null, and nothing else. */
function entryOf(list: ListField, entry: Record<string, unknown>): DiffEntry {
  const unknown = new Set(entry.unknown as string[]);
  return {
    code: entry.code as string,
    ...Object.fromEntries(entryFields(list).map((f) => [f, unknown.has(f) ? null : (entry[f] as string | null)])),
  } as DiffEntry;
}

const itemKey = (item: string | DiffEntry): string => (typeof item === 'string' ? item : item.code);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The differences between two values of one field. */
function fieldChanges(field: RecordField, old: Fields[RecordField], now: Fields[RecordField]): FieldChange[] {
  const change = (kind: ChangeKind, before: DiffValue, after: DiffValue, key: string | null = null, entryField: string | null = null) => ({
    field,
    key,
    entryField,
    change: kind,
    old: before,
    new: after,
  });
  if (old.unknown && now.unknown) return [];
  if (old.unknown) return [change('became known', null, now.value)];
  if (now.unknown) return [change('became unknown', old.value, null)];
  if (same(old.value, now.value)) return [];
  if (!Array.isArray(old.value)) return [change('changed', old.value, now.value)];
  const before = new Map((old.value as (string | DiffEntry)[]).map((item) => [itemKey(item), item]));
  const after = new Map((now.value as (string | DiffEntry)[]).map((item) => [itemKey(item), item]));
  const changes: FieldChange[] = [];
  for (const [key, item] of before) if (!after.has(key)) changes.push(change('removed', item, null, key));
  for (const [key, item] of after) {
    const was = before.get(key);
    if (was === undefined) {
      changes.push(change('added', null, item, key));
      continue;
    }
    if (typeof item === 'string' || typeof was === 'string') continue;
    for (const entryField of entryFields(field as ListField)) {
      const [a, b] = [was[entryField] ?? null, item[entryField] ?? null];
      if (a === b) continue;
      changes.push(change(a === null ? 'became known' : b === null ? 'became unknown' : 'changed', a, b, key, entryField));
    }
  }
  return changes;
}

/** Every catalog's values, with the document each came from: `catalog code` → value and source. */
function catalogValues(
  codebook: Codebook,
): Map<string, { catalog: CatalogName; code: string; value: string | null; source: string | null }> {
  const values = new Map<string, { catalog: CatalogName; code: string; value: string | null; source: string | null }>();
  for (const catalog of CATALOG_NAMES) {
    const { table, code, value, source } = CATALOGS[catalog];
    const rows = codebook.db.all<{ code: string; value: string | null; source: string | null }>(
      sql`SELECT ${code} AS code, ${value} AS value, ${sourceDocuments.path} AS source
          FROM ${table} LEFT JOIN ${sourceDocuments} ON ${sourceDocuments.id} = ${source}`,
    );
    for (const row of rows) values.set(`${catalog} ${row.code}`, { catalog, ...row });
  }
  return values;
}

const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The difference between two open codebooks, `old` and `now`. */
export function diffOpenCodebooks(old: Codebook, now: Codebook, sides: { old: DiffSide; new: DiffSide }): CodebookDiff {
  const oldCodes = new Map(old.listCodes().map((c) => [c.code, c.title]));
  const newCodes = new Map(now.listCodes().map((c) => [c.code, c.title]));
  const added = [...newCodes].filter(([code]) => !oldCodes.has(code)).map(([code, title]) => ({ code, title }));
  const removed = [...oldCodes].filter(([code]) => !newCodes.has(code)).map(([code, title]) => ({ code, title }));
  const changed: ChangedCode[] = [];
  let unchanged = 0;
  const read = (codebook: Codebook, code: string) => fieldsOf(codebook.getCode(code)!, codebook.getNarrative(code)!);
  for (const [code, title] of newCodes) {
    if (!oldCodes.has(code)) continue;
    const [before, after] = [read(old, code), read(now, code)];
    const changes = RECORD_FIELD_NAMES.flatMap((field) => fieldChanges(field, before[field], after[field]));
    if (changes.length === 0) unchanged++;
    else changed.push({ code, title, changes });
  }
  const [oldCatalogs, newCatalogs] = [catalogValues(old), catalogValues(now)];
  const catalogChanges: CatalogChange[] = [];
  for (const [key, after] of newCatalogs) {
    const before = oldCatalogs.get(key);
    if (before === undefined || before.value === after.value) continue;
    catalogChanges.push({
      catalog: after.catalog,
      code: after.code,
      change: before.value === null ? 'became known' : after.value === null ? 'became unknown' : 'changed',
      old: before.value,
      new: after.value,
      oldSource: before.source,
      newSource: after.source,
    });
  }
  catalogChanges.sort((a, b) => CATALOG_NAMES.indexOf(a.catalog) - CATALOG_NAMES.indexOf(b.catalog) || byCode(a, b));
  return {
    ...sides,
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      unchanged,
      catalogValuesChanged: catalogChanges.length,
    },
    added: added.sort(byCode),
    removed: removed.sort(byCode),
    changed: changed.sort(byCode),
    catalogValues: catalogChanges,
  };
}

/** Whether a diff found no difference. */
export const isSame = (diff: CodebookDiff): boolean =>
  diff.added.length + diff.removed.length + diff.changed.length + diff.catalogValues.length === 0;

/** The difference between the databases at `oldPath` and `newPath`, each read at the latest migration (neither is changed). */
export function diffCodebooks(oldPath: string, newPath: string): CodebookDiff {
  const open = (path: string) => {
    const { db, migrated } = openAtLatestMigration(path);
    const codebook = codebookOver(db);
    return { codebook, side: { path, edition: codebook.manifest()?.edition ?? null, migrated } };
  };
  const old = open(oldPath);
  try {
    const now = open(newPath);
    try {
      return diffOpenCodebooks(old.codebook, now.codebook, { old: old.side, new: now.side });
    } finally {
      now.codebook.close();
    }
  } finally {
    old.codebook.close();
  }
}
