/**
 * Ingest: adds, updates and (with `prune`) removes documents in an existing database, in one
 * transaction, while readers keep reading (src/pipeline/in-place.ts). A document is identified by
 * its code (one document per code). One the database holds as it is — the same path and sha256 —
 * is not read again; a changed one replaces exactly the facts its previous version contributed;
 * then the catalog entries the changed documents mention are resolved again and the data checks
 * run over what changed, so the result is the same as a provision of the whole corpus at a cost
 * that follows the change. When nothing changed, nothing is written. Any error in any document
 * changes nothing.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { CodebookDatabase } from '../db/connection.js';
import type { WriterOptions } from '../db/writer-lock.js';
import { latestMigration } from '../db/migrate.js';
import { buildManifest, procedures, rejectedDocuments, sourceDocuments } from '../schema/tables.js';
import { TOOL_VERSION } from '../version.js';
import {
  build,
  BuildError,
  countRows,
  type BuildDocuments,
  type BuildOptions,
  type BuildReport,
  type HeldDocument,
  type Placer,
} from './build.js';
import { changeInPlace } from './in-place.js';
import type { ProcessedDocument } from './process.js';
import { displayPath, fileSha256, listDocuments } from './read.js';

/** Places each document against what the database holds for its code or its path, removing what it replaces. */
function placeAgainstDatabase(db: CodebookDatabase): Placer {
  // Single-table lookups by a unique key, joined here: a join (or an OR across the two tables)
  // is planned from the statistics of the database as it was before the ingest — one document,
  // in the README's workflow — and scans a table that grows with every document placed, making
  // an ingest of many new documents quadratic. An equality on a unique key is searched whatever
  // the statistics say.
  const byCode = db
    .select({ id: procedures.documentId })
    .from(procedures)
    .where(eq(procedures.code, sql.placeholder('code')))
    .prepare();
  const byPath = db
    .select({ id: sourceDocuments.id })
    .from(sourceDocuments)
    .where(eq(sourceDocuments.path, sql.placeholder('path')))
    .prepare();
  const documentOf = db
    .select({ sha256: sourceDocuments.sha256, path: sourceDocuments.path })
    .from(sourceDocuments)
    .where(eq(sourceDocuments.id, sql.placeholder('id')))
    .prepare();
  const codeOf = db
    .select({ code: procedures.code })
    .from(procedures)
    .where(eq(procedures.documentId, sql.placeholder('id')))
    .prepare();
  const existing = (code: string, path: string) => {
    const ids = new Set([...byCode.all({ code }), ...byPath.all({ path })].map((row) => row.id));
    return [...ids].map((id) => ({ id, ...documentOf.get({ id })!, code: codeOf.get({ id })!.code }));
  };
  return ({ rows, source }, changes) => {
    const found = existing(rows.code, source.path);
    if (found.length === 0) return 'created';
    const [only] = found;
    if (found.length === 1 && only!.code === rows.code && only!.path === source.path && only!.sha256 === source.sha256) return 'unchanged';
    changes.remove(found.map((e) => e.id));
    return 'updated';
  };
}

/**
 * The files the database holds as they are: the same path and sha256, and no rejection recorded
 * for the path (a later version was rejected; this one, loaded again, clears the record). Only
 * their bytes are read, to hash them.
 */
function heldDocuments(db: CodebookDatabase, files: readonly string[]): Map<string, HeldDocument> {
  const stored = db.$client.prepare(
    `SELECT d.sha256, p.code, EXISTS (SELECT 1 FROM rejected_documents r WHERE r.path = d.path) AS rejected
     FROM source_documents d JOIN procedures p ON p.document_id = d.id WHERE d.path = ?`,
  );
  const held = new Map<string, HeldDocument>();
  for (const file of files) {
    const path = displayPath(file);
    const row = stored.get(path) as { sha256: string; code: string; rejected: number } | undefined;
    if (row !== undefined && row.rejected === 0 && row.sha256 === fileSha256(file)) held.set(file, { held: true, path, code: row.code });
  }
  return held;
}

/** What `ingest --prune` removes: what was loaded, or rejected, from under `folders` and is not among `files`. */
function goneFrom(db: CodebookDatabase, folders: readonly string[], files: readonly string[]) {
  if (folders.length === 0) return { documentIds: [], rejectedPaths: [] };
  const present = new Set(files.map((file) => displayPath(file)));
  const roots = folders.map((folder) => resolve(folder) + sep);
  const gone = (path: string) => !present.has(path) && roots.some((root) => resolve(path).startsWith(root));
  return {
    documentIds: db
      .select({ id: sourceDocuments.id, path: sourceDocuments.path })
      .from(sourceDocuments)
      .all()
      .filter((d) => gone(d.path))
      .map((d) => d.id),
    rejectedPaths: db
      .select({ path: rejectedDocuments.path })
      .from(rejectedDocuments)
      .all()
      .map((r) => r.path)
      .filter(gone),
  };
}

/**
 * The build's documents in path order: each held one as it is (read again only when an earlier
 * one names its code, to report the duplicate at its title line), the others processed.
 */
function inPathOrder(
  files: readonly string[],
  held: ReadonlyMap<string, HeldDocument>,
  processed: AsyncIterable<ProcessedDocument>,
  processDocument: (file: string) => ProcessedDocument,
): BuildDocuments {
  return {
    count: files.length,
    async *[Symbol.asyncIterator]() {
      const read = processed[Symbol.asyncIterator]();
      const codes = new Set<string>();
      for (const file of files) {
        const document = held.get(file);
        if (document !== undefined && !codes.has(document.code)) {
          codes.add(document.code);
          yield document;
          continue;
        }
        const next = document === undefined ? (await read.next()).value! : processDocument(file);
        const code = next.loadable?.rows.code ?? next.code;
        if (code !== undefined) codes.add(code);
        yield next;
      }
    },
  };
}

/**
 * Whether the database's manifest was written by this codebook at its latest migration: when it
 * was not (a database migrated since its last build, or built by another version), an ingest that
 * changes no document still writes one, since the edition id names the tool and the schema.
 */
function manifestIsCurrent(db: CodebookDatabase): boolean {
  const manifest = db.select({ toolVersion: buildManifest.toolVersion, migration: buildManifest.migration }).from(buildManifest).get();
  return manifest?.toolVersion === TOOL_VERSION && manifest.migration === latestMigration();
}

export interface IngestOptions extends BuildOptions, WriterOptions {
  /**
   * Also remove each document loaded from under a folder among the inputs whose file is no longer
   * there (and each rejection recorded for such a path): `ingest --prune DIR` leaves the documents
   * of DIR as a provision of DIR would.
   */
  readonly prune?: boolean;
}

export async function ingest(inputs: readonly string[], target: string, options: IngestOptions = {}): Promise<BuildReport> {
  if (!existsSync(target)) throw new BuildError(`no database at ${target}: run \`codebook provision\` first`);
  const files = listDocuments(inputs);
  const folders = options.prune ? inputs.filter((input) => statSync(input).isDirectory()) : [];
  if (options.prune && folders.length < inputs.length) {
    const notFolders = inputs.filter((input) => !folders.includes(input));
    throw new BuildError(
      `--prune removes what is gone from folders, and ${notFolders.join(', ')} is not a folder; ${target} was not changed`,
    );
  }
  if (files.length === 0 && !options.prune) throw new BuildError(`no documents (*.txt) in ${inputs.join(', ')}; ${target} was not changed`);
  return changeInPlace(target, 'ingest', options, async ({ db, transaction }) => {
    const held = heldDocuments(db, files);
    const gone = goneFrom(db, folders, files);
    const toRead = files.filter((file) => !held.has(file));
    if (toRead.length === 0 && gone.documentIds.length === 0 && gone.rejectedPaths.length === 0 && manifestIsCurrent(db)) {
      options.onProgress?.(files.length, files.length);
      return {
        counts: countRows(db),
        placements: { created: 0, updated: 0, unchanged: files.length },
        removed: [],
        warnings: [],
        rejected: [],
      };
    }
    // The parser is loaded only when there is something to read.
    const [{ processDocuments }, { processDocument }] = await Promise.all([import('./documents.js'), import('./process.js')]);
    const documents = processDocuments(toRead);
    try {
      const plan = {
        kind: 'ingest',
        documents: inPathOrder(files, held, documents, processDocument),
        place: placeAgainstDatabase(db),
        remove: gone,
        scoped: true,
      } as const;
      return await transaction(() => build(db, plan, target, options));
    } finally {
      await documents.close();
    }
  });
}
