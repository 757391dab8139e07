/**
 * The database's edition, which the server's ETags are keyed by: a browser or CDN revalidates with
 * If-None-Match and gets a 304 without the page being made again until the edition changes.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Codebook } from '../access/codebook.js';
import { TOOL_VERSION } from '../version.js';

interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/**
 * THE source of the edition, in one place: the file the server opened (device and inode: a
 * provision renames a new file into place), the latest build run in it (an ingest adds one), and
 * this codebook's version (which makes the pages). When the database carries a build manifest
 * with an edition id (DAL `manifest()`), this becomes that id and the version.
 */
export function databaseEdition(codebook: Codebook, file: FileIdentity): string {
  const run = codebook.info().latest;
  const key = JSON.stringify([file.dev, file.ino, run?.id ?? null, run?.startedAt ?? null, TOOL_VERSION]);
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}

/**
 * The edition of the database `codebook` has open at `path`, read again only when another
 * connection committed to it since the last call (SQLite's `data_version`), so a request costs
 * one pragma.
 */
export function editionTracker(codebook: Codebook, path: string): () => string {
  const file = statSync(path);
  const dataVersion = codebook.db.$client.prepare('PRAGMA data_version').pluck();
  let seen: unknown;
  let edition = '';
  return () => {
    const version = dataVersion.get();
    if (version !== seen) {
      seen = version;
      edition = databaseEdition(codebook, file);
    }
    return edition;
  };
}
