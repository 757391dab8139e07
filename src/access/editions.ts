/**
 * What a database is and how it came to be: its build manifest (`build_manifest`, one row) and
 * its change log (`code_changes`, what each build run created, updated or removed).
 */
import { desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { settled, type Plan, type ReadDatabase } from '../db/plan.js';
import type { Codebook } from './codebook.js';
import { buildManifest, buildRuns, codeChanges } from '../schema/tables.js';

/**
 * An edition id: the sha256, in lower-case hexadecimal, of a database's corpus (every loaded and
 * rejected document's path and sha256, in path order), the codebook version and the last
 * migration that built it. Two builds of the same documents by the same codebook share it; any
 * change to a document, the tool version or the schema gives a new one.
 */
export type EditionId = string;

/** What a database is: the `build_manifest` row written by the last build run (provision, ingest or removal) that changed it. */
export type BuildManifest = Omit<typeof buildManifest.$inferSelect, 'id' | 'edition'> & { readonly edition: EditionId };

/** One code changed by one build run, newest run first. */
export interface CodeChangeRow {
  readonly buildRunId: number;
  /** provision, ingest or remove. */
  readonly kind: (typeof buildRuns.$inferSelect)['kind'];
  /** When the run began (ISO 8601, UTC). */
  readonly startedAt: string;
  readonly code: string;
  readonly change: (typeof codeChanges.$inferSelect)['change'];
  /** The document that describes the code after the run (for a removal, the one that described it), and its sha256. */
  readonly path: string;
  readonly sha256: string;
}

/** The columns of a table but its row id. */
function withoutId<T extends { id: unknown }>(columns: T): Omit<T, 'id'> {
  const rest: Partial<T> = { ...columns };
  delete rest.id;
  return rest as Omit<T, 'id'>;
}

/** The manifest and change-log reads over `db`, their statements prepared once. Arguments are checked by the caller. */
export function prepareEditionReads(db: ReadDatabase) {
  const manifestQuery = db
    .select(withoutId(getTableColumns(buildManifest)))
    .from(buildManifest)
    .prepare();
  const logQuery = db
    .select({
      buildRunId: codeChanges.buildRunId,
      kind: buildRuns.kind,
      startedAt: buildRuns.startedAt,
      code: codeChanges.code,
      change: codeChanges.change,
      path: codeChanges.path,
      sha256: codeChanges.sha256,
    })
    .from(codeChanges)
    .innerJoin(buildRuns, eq(buildRuns.id, codeChanges.buildRunId))
    .where(sql`(${sql.placeholder('code')} IS NULL OR ${codeChanges.code} = ${sql.placeholder('code')})`)
    .orderBy(desc(codeChanges.buildRunId), codeChanges.code)
    .prepare();
  return {
    manifest: (): Plan<BuildManifest | undefined> => settled(manifestQuery.get()),
    changeLog: (code: string | null): Plan<CodeChangeRow[]> => settled(logQuery.all({ code })),
  };
}

/** The edition a database's pages and exports are named by (`currentEdition`). */
export interface CurrentEdition {
  /**
   * The manifest's edition id; for a database migrated from before manifests (0006) and not built
   * since, `build-run-<id>@<started at>` of its latest build run.
   */
  readonly id: string;
  /** When that edition was built (ISO 8601, UTC). */
  readonly builtAt: string;
}

/**
 * THE edition of the database `codebook` has open, which `codebook serve` keys its ETags by and
 * `codebook export` names its files' version by: its manifest's, else its latest build run's;
 * `undefined` for a database never built.
 */
export function currentEdition(codebook: Pick<Codebook, 'manifest' | 'info'>): CurrentEdition | undefined {
  const manifest = codebook.manifest();
  if (manifest !== undefined) return { id: manifest.edition, builtAt: manifest.builtAt };
  const run = codebook.info().latest;
  return run === null ? undefined : { id: `build-run-${run.id}@${run.startedAt}`, builtAt: run.startedAt };
}
