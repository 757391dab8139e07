/**
 * The data-access layer on libSQL, asynchronous: the same methods as `openCodebook`'s, with the
 * same arguments, records and errors, each returning a promise — the reads themselves are the same
 * plans (see codebook.ts's prepareReads), run by awaiting each step. For apps on serverless and
 * edge platforms, and for a libSQL or Turso primary with embedded read replicas.
 */
import { assertCodebookDatabase } from '../db/identify.js';
import { openLibsqlDatabase, openLibsqlScratch, type LibsqlCodebookDatabase, type LibsqlTarget } from '../db/libsql.js';
import { runAsync } from '../db/plan.js';
import type { Codebook } from './codebook.js';
import { prepareReads, runEach, type ReadMethod } from './reads.js';

/** An open reference database whose reads return promises; otherwise a Codebook. */
export type AsyncCodebook = {
  readonly [M in ReadMethod]: (...args: Parameters<Codebook[M]>) => Promise<ReturnType<Codebook[M]>>;
} & {
  /** The drizzle database over the libSQL client (`db.$client`). */
  readonly db: LibsqlCodebookDatabase;
  /** Closes the client. */
  close(): void;
};

/**
 * Opens the reference database at `target` through libSQL: a path to a local file, a `file:`,
 * `libsql:` or `https:` URL, or a `@libsql/client` configuration (`{ url, authToken }` for a
 * Turso database; `{ url: 'file:replica.db', syncUrl, authToken }` for an embedded replica).
 * Refuses a database that is not codebook's or not at this codebook's latest migration, as
 * `openCodebook` does.

 */
export async function openLibsqlCodebook(target: LibsqlTarget): Promise<AsyncCodebook> {
  if (typeof target !== 'string' && typeof (target as { url?: unknown } | null)?.url !== 'string') {
    throw new TypeError('openLibsqlCodebook: target must be a path, a URL, or a @libsql/client configuration with a url');
  }
  const { db, name } = await openLibsqlDatabase(target);
  try {
    await runAsync(assertCodebookDatabase(db, name));
  } catch (e) {
    db.$client.close();
    throw e;
  }
  return { db, ...runEach(prepareReads(db, openLibsqlScratch), runAsync), close: () => db.$client.close() } as AsyncCodebook;
}
