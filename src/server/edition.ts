/**
 * The database's edition, which the server's ETags are keyed by: a browser or CDN revalidates with
 * If-None-Match and gets a 304 without the page being made again until the edition changes.
 */
import { createHash } from 'node:crypto';
import type { Codebook } from '../access/codebook.js';
import { TOOL_VERSION } from '../version.js';

/**
 * THE source of the edition, in one place: the database's edition id (DAL `manifest()`: its
 * documents, and the codebook and migration that built it), and this codebook's version (which
 * makes the pages). Two files with the same documents built alike share it; an ingest or a
 * removal that changes a document gives a new one. A database migrated from before manifests and
 * not built since has none: its latest build run stands in.
 */
export function databaseEdition(codebook: Codebook): string {
  const edition = codebook.manifest()?.edition;
  const run = edition === undefined ? codebook.info().latest : undefined;
  const key = JSON.stringify([edition ?? null, run?.id ?? null, run?.startedAt ?? null, TOOL_VERSION]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/**
 * The edition of the database `codebook` has open, read again only when another connection
 * committed to it since the last call (SQLite's `data_version`), so a request costs one pragma.
 */
export function editionTracker(codebook: Codebook): () => string {
  const dataVersion = codebook.db.$client.prepare('PRAGMA data_version').pluck();
  let seen: unknown;
  let edition = '';
  return () => {
    const version = dataVersion.get();
    if (version !== seen) {
      seen = version;
      edition = databaseEdition(codebook);
    }
    return edition;
  };
}
