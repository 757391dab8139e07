/**
 * The data-access layer: typed reads over a provisioned reference database, through statements
 * prepared once per connection. Apps embed this (`import { openCodebook } from 'codebook'`);
 * the CLI's read commands and the explorer (src/server/) are thin wrappers over it. The reads live
 * in their own modules (record, narrative, search, lookups, facets, provenance, tables), put
 * together with the checks of what callers pass in reads.ts, for this driver and libSQL's alike.
 *
 * Every `@example` below is type-checked by `npm run typecheck` (scripts/jsdoc-examples.mjs
 * writes them into a module the compiler reads) and run against the seed database by the tests.
 */
import { openDatabase, openScratchDatabase, type CodebookDatabase } from '../db/connection.js';
import { assertCodebookDatabase } from '../db/identity.js';
import { runSync } from '../db/plan.js';
import * as argument from './arguments.js';
import type { RelationDirection } from '../domain/relations.js';
import type { FindCodesFilter, FoundCodes } from './facets.js';
import type {
  BuildRunRow,
  DiagnosisUseRow,
  ListCodesFilter,
  ModifierUseRow,
  PayerUseRow,
  ProcedureOverviewRow,
  RejectedDocumentRow,
  RelatedCodeRow,
  TaxonomyUseRow,
  UnknownValueSourceRow,
} from './lookups.js';
import type { BuildManifest, CodeChangeRow } from './editions.js';
import type { CodeNarrative } from './narrative.js';
import type { SourceLines } from './provenance.js';
import { prepareReads, runEach } from './reads.js';
import type { CodeRecord } from './record.js';
import type { SearchHit } from './search.js';
import type { SearchMode } from '../domain/search.js';
import type { TableInfo, TablePage, TablePageRequest } from './tables.js';

export interface OpenCodebookOptions {
  /** Readers open read-only (the default); pass false to share a connection with a writer. */
  readonly readonly?: boolean;
  /**
   * The file never changes (read-only media, an image layer): it is read once into memory, and
   * never locked or looked beside again. Costs memory the size of the file.
   */
  readonly immutable?: boolean;
  /** How long a read waits for an ingest's commit before "database is locked" (default 60 s). */
  readonly busyTimeoutMs?: number;
}

/**
 * An open reference database. Every method checks its arguments first (a wrong one is a
 * TypeError naming the method and the argument) and runs a statement prepared when it was opened.
 */
export interface Codebook {
  /** The drizzle database, for queries this layer does not offer (the tables and views are exported as `schema`). */
  readonly db: CodebookDatabase;

  /**
   * One documented code's full record (the `show --json` shape), or undefined when no document
   * describes `code`. A value that is unknown is `null` (a list, `[]`) and named in `unknown`.
   *
   * @example
   * const record = codebook.getCode('20956');
   * if (record !== undefined) {
   *   const diagnoses = record.unknown.includes('diagnoses') ? 'unknown' : record.diagnoses.map((d) => d.code).join(', ');
   *   const modifier76 = record.modifiers.find((m) => m.code === '76');
   *   const description: string | null = modifier76?.description ?? null;
   *   console.log(record.title, diagnoses, description);
   * }
   */
  getCode(code: string): CodeRecord | undefined;

  /**
   * One documented code's prose: summary, billing overview, clinical vignette and workflow phases.
   *
   * @example
   * const narrative = codebook.getNarrative('20956');
   * for (const { phase, description } of narrative?.workflows ?? []) console.log(`${phase}: ${description}`);
   */
  getNarrative(code: string): CodeNarrative | undefined;

  /**
   * Documented codes, one `procedure_overview` row each, by code. Counts are null where a list is unknown.
   *
   * @example
   * const hcpcs = codebook.listCodes({ system: 'HCPCS', hasUnknown: false, limit: 50, offset: 0 });
   * const unknownDiagnoses = codebook.listCodes().filter((row) => row.diagnosisCount === null);
   * console.log(hcpcs.length, unknownDiagnoses.map((row) => row.code));
   */
  listCodes(filter?: ListCodesFilter): ProcedureOverviewRow[];

  /**
   * Codes related to `code`: `out`, the codes its document lists; `in`, the codes whose documents
   * list it; `both` (the default), out first. Each row names the document and line that state it.
   *
   * @example
   * for (const row of codebook.relatedTo('20955', { direction: 'in' })) console.log(row.relatedCode, `${row.sourcePath}:${row.line}`);
   */
  relatedTo(code: string, options?: { direction?: RelationDirection }): RelatedCodeRow[];

  /**
   * The documented codes that allow `modifier`, with its description and when to use it there.
   *
   * @example
   * const uses = codebook.codesUsingModifier('62').map((use) => `${use.procedureCode}: ${use.whenToUse ?? 'unknown'}`);
   */
  codesUsingModifier(modifier: string): ModifierUseRow[];

  /**
   * The documented codes linked to an ICD-10-CM diagnosis, written with or without its dot.
   *
   * @example
   * const same = codebook.codesWithDiagnosis('M17.11').length === codebook.codesWithDiagnosis('M1711').length;
   */
  codesWithDiagnosis(icd10: string): DiagnosisUseRow[];

  /**
   * The documented codes linked to a NUCC provider taxonomy code.
   *
   * @example
   * const specialties = codebook.codesForTaxonomy('207X00000X').map((use) => use.specialty);
   */
  codesForTaxonomy(nucc: string): TaxonomyUseRow[];

  /**
   * The documented codes whose documents cover a payer (its name matched without regard to case).
   *
   * @example
   * const covered = codebook.codesForPayer('medicare').map((row) => `${row.code} ${row.title ?? '(title unknown)'}`);
   */
  codesForPayer(name: string): PayerUseRow[];

  /**
   * Full-text search over titles, descriptors, summaries, clinical context and modifier guidance,
   * best match first (bm25); the snippet marks matches with [brackets]. By default (`mode:
   * 'words'`) every word must match, by stem ("graft" finds "grafts"), and nothing in the text is
   * syntax; `phrase` matches the words next to each other, in order; `prefix` matches each word as
   * the start of a word; `raw` reads the text as an FTS5 query (`"exact phrase"`, `graft*`, `OR`,
   * `NOT`), and an invalid one is a SearchQueryError.
   *
   * @example
   * const [best] = codebook.search('iliac crest graft', { limit: 5 });
   * if (best) console.log(best.code, best.snippet);
   * const either = codebook.search('graft* OR "bone marrow"', { mode: 'raw' });
   * console.log(either.map((hit) => hit.code));
   */
  search(text: string, options?: { limit?: number; mode?: SearchMode }): SearchHit[];

  /**
   * Every value the documents leave unknown (of one code, if given): which field of which entry,
   * why, where, and which document filled it in when another one did (`unknown_value_sources`).
   *
   * @example
   * for (const value of codebook.unknownValues({ code: '20956' })) {
   *   const field = value.scope === 'record' ? value.field : `${value.scope}[${value.itemKey}].${value.field}`;
   *   console.log(field, value.reason, `${value.sourcePath}:${value.line ?? ''}`, value.filledFrom);
   * }
   */
  unknownValues(filter?: { code?: string }): UnknownValueSourceRow[];

  /**
   * The documents `--keep-going` builds left out for their errors (of one code, if given), by
   * path: none of their facts is stored.
   *
   * @example
   * for (const rejected of codebook.rejectedDocuments()) console.log(rejected.path, rejected.firstError);
   */
  rejectedDocuments(filter?: { code?: string }): RejectedDocumentRow[];

  /**
   * What the database is: its edition id, when and by which codebook and migration it was built,
   * and its counts, as the last build run that changed it wrote them. Undefined only for a
   * database migrated from before manifests (0006) and not built since.
   *
   * @example
   * const manifest = codebook.manifest();
   * if (manifest !== undefined) console.log(manifest.edition, manifest.builtAt, manifest.documents, manifest.codes);
   */
  manifest(): BuildManifest | undefined;

  /**
   * What each build run created, updated or removed (of one code, if given), newest run first:
   * when a code last changed, and from which document.
   *
   * @example
   * const [last] = codebook.changeLog({ code: '20956' });
   * if (last) console.log(`${last.change} by ${last.kind} at ${last.startedAt} from ${last.path}`);
   */
  changeLog(filter?: { code?: string }): CodeChangeRow[];

  /**
   * Documented codes found by text and facets (system, category, service type, payer, modifier,
   * whether anything is unknown), one page of them with the count of every facet's values among
   * all that match: best match first with text, else by code.
   *
   * @example
   * const found = codebook.findCodes({ text: 'graft', system: 'CPT', hasUnknown: true, limit: 10 });
   * console.log(found.total, found.codes.map((c) => c.code), found.facets.payer.map((p) => `${p.value} (${p.count})`));
   */
  findCodes(filter?: FindCodesFilter): FoundCodes;

  /**
   * The line of its document each fact of a documented code's record is stated on: every entry
   * of its list fields and every name of its names fields, in the record's order.
   *
   * @example
   * const record = codebook.getCode('20956');
   * const lines = codebook.sourceLines('20956');
   * if (record && lines) record.modifiers.forEach((m, i) => console.log(m.code, `${record.sources[0]!.path}:${lines.modifiers[i]}`));
   */
  sourceLines(code: string): SourceLines | undefined;

  /**
   * The documented codes nearest to `code` in code order, up to `count` on each side: what a
   * person may have meant by a code no document describes.
   *
   * @example
   * console.log(codebook.nearbyCodes('20957', 3).join(', '));
   */
  nearbyCodes(code: string, count?: number): string[];

  /**
   * The latest build run (provision or ingest) that changed the database, and how many documents,
   * procedures, rejected documents and build runs it holds.
   *
   * @example
   * const { latest, counts } = codebook.info();
   * console.log(latest?.kind, latest?.startedAt, counts.documents);
   */
  info(): { latest: BuildRunRow | null; counts: { documents: number; procedures: number; rejectedDocuments: number; buildRuns: number } };

  /**
   * The tables and views of the schema, with their columns as SQLite reports them.
   *
   * @example
   * for (const table of codebook.tables()) console.log(table.kind, table.name, table.columns.join(', '));
   */
  tables(): TableInfo[];

  /**
   * A page of a table's or view's rows, as stored, sorted by a column and narrowed to rows whose
   * columns equal given values (bound as parameters); undefined when the schema has no such table.
   * A column the table does not have is a RangeError.
   *
   * @example
   * const page = codebook.tablePage('modifier_usage', { where: { procedure_code: '20956' }, sort: 'position', limit: 10 });
   * console.log(page?.total, page?.columns.join(', '));
   */
  tablePage(name: string, request?: TablePageRequest): TablePage | undefined;

  /**
   * Closes the database.
   *
   * @example
   * codebook.close();
   */
  close(): void;
}

/**
 * Opens the reference database at `path` for reading. Refuses a file that is not a codebook
 * database, or one that is not at this codebook's latest migration (saying to run `codebook migrate`).
 *
 * @example
 * const reader = openCodebook('data/reference.db');
 * try {
 *   console.log(reader.getCode('20956')?.title);
 * } finally {
 *   reader.close();
 * }
 * // On read-only media that never changes: read once into memory, never locked.
 * const image = openCodebook('data/reference.db', { immutable: true });
 * image.close();
 */
export function openCodebook(path: string, options: OpenCodebookOptions = {}): Codebook {
  const given = argument.options('openCodebook', 'options', options, ['readonly', 'immutable', 'busyTimeoutMs']);
  const immutable = argument.flag('openCodebook', 'options.immutable', given.immutable) ?? false;
  const readonly = argument.flag('openCodebook', 'options.readonly', given.readonly) ?? true;
  if (immutable && !readonly) throw new TypeError('openCodebook: an immutable database is read-only; options.readonly cannot be false');
  const busyTimeoutMs = argument.count('openCodebook', 'options.busyTimeoutMs', given.busyTimeoutMs);
  const db = openDatabase(argument.text('openCodebook', 'path', path), { readonly, immutable, busyTimeoutMs });
  try {
    assertCodebookDatabase(db.$client, path);
  } catch (e) {
    db.$client.close();
    throw e;
  }
  return codebookOver(db);
}

/** The reads over `db`, a codebook database at the latest migration, opened by the caller (closed by `close()`). */
export function codebookOver(db: CodebookDatabase): Codebook {
  return { db, ...runEach(prepareReads(db, openScratchDatabase), runSync), close: () => db.$client.close() } as Codebook;
}
