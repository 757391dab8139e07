/**
 * The reference database over libSQL (`@libsql/client`): a local file, a libSQL or Turso server,
 * or an embedded replica of one. An optional peer dependency: only this module (the package's
 * `codebook/libsql` entry) imports it.
 */
import { existsSync } from 'node:fs';
import { createClient, type Client, type Config } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '../schema/index.js';
import type { Schema } from './connection.js';

export type LibsqlCodebookDatabase = LibSQLDatabase<Schema> & { $client: Client };

/** Where a libSQL database is: a path to a local file, a URL (`file:`, `libsql:`, `https:`, `wss:`), or a client's whole configuration. */
export type LibsqlTarget = string | Config;

const URL_SCHEME = /^(file|libsql|https?|wss?):/i;

/** The local file a configuration names, if it names one (a `file:` URL). */
const localFile = (url: string): string | undefined =>
  /^file:/i.test(url) ? decodeURIComponent(url.replace(/^file:(\/\/(?=\/))?/i, '').replace(/\?.*$/, '')) : undefined;

/**
 * A libSQL client for `target`. A local file must exist: the client would otherwise create an
 * empty one. Local connections are made read-only (`PRAGMA query_only`) on a single connection,
 * since the pragma holds per connection; a server's connections are read-only if its token is.
 */
export async function openLibsqlDatabase(target: LibsqlTarget): Promise<{ db: LibsqlCodebookDatabase; name: string }> {
  const config: Config = typeof target === 'string' ? { url: URL_SCHEME.test(target) ? target : `file:${target}` } : target;
  const file = localFile(config.url);
  if (file !== undefined && config.syncUrl === undefined && !existsSync(file)) throw new Error(`no database at ${file}`);
  const client = createClient(file === undefined ? config : { ...config, concurrency: 1 });
  try {
    if (file !== undefined && config.syncUrl === undefined) await client.execute('PRAGMA query_only = ON');
  } catch (e) {
    client.close();
    throw e;
  }
  return { db: drizzle({ client, schema }), name: file ?? config.url };
}

/** A private, writable in-memory database on libSQL, for search's excerpts of a large row. */
export function openLibsqlScratch(): { db: LibsqlCodebookDatabase; close(): void } {
  const client = createClient({ url: ':memory:' });
  return { db: drizzle({ client, schema }), close: () => client.close() };
}
