/**
 * The database's edition, which the server's ETags are keyed by: a browser or CDN revalidates with
 * If-None-Match and gets a 304 without the page being made again until the edition changes.
 */
import { createHash } from 'node:crypto';
import type { Codebook } from '../access/codebook.js';
import { currentEdition } from '../access/editions.js';
import { TOOL_VERSION } from '../version.js';

/**
 * The ETag key of the pages: the database's edition (`currentEdition`, shared with `codebook
 * export`) and this codebook's version (which makes the pages). Two files with the same documents
 * built alike share it; an ingest or a removal that changes a document gives a new one.
 */
export function databaseEdition(codebook: Codebook): string {
  const key = JSON.stringify([currentEdition(codebook)?.id ?? null, TOOL_VERSION]);
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
