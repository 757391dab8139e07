/**
 * What is at a database path, for the writers: absent, empty, codebook's, another file — or a
 * symbolic link, directory or device, which no database replaces — and whether a writer may
 * change it. What an open database is, for every driver, is identify.ts's.
 */
import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../schema/index.js';
import {
  assertCodebookDatabase as assertCodebook,
  assertCodebookFile as assertFile,
  CODEBOOK_APPLICATION_ID,
  ForeignDatabaseError,
  identifyDatabase,
  otherApplication,
  type Identity,
} from './identify.js';
import { runSync } from './plan.js';

export { CODEBOOK_APPLICATION_ID, ForeignDatabaseError, type Identity } from './identify.js';

const SQLITE_MAGIC = 'SQLite format 3\0';
const HEADER_BYTES = 100;
/** A database without the id is read whole into memory to look at its tables; past this size, it is not. */
const LEGACY_INSPECTION_MAX_BYTES = 256 * 1024 * 1024;

const over = (sqlite: Database.Database) => drizzle({ client: sqlite, schema });

/** What the open database `sqlite` is: codebook's, empty (no tables), or something else. */
export const identify = (sqlite: Database.Database): Identity => runSync(identifyDatabase(over(sqlite)));

/** Marks the database as codebook's (writing the header only when it is not marked yet). */
export function stampIdentity(sqlite: Database.Database): void {
  if (sqlite.pragma('application_id', { simple: true }) !== CODEBOOK_APPLICATION_ID)
    sqlite.pragma(`application_id = ${CODEBOOK_APPLICATION_ID}`);
}

/** What a path may hold besides a database: nothing, or something no database may replace. */
export type PathContent = Identity | { readonly kind: 'absent' } | { readonly kind: 'not-a-file'; readonly reason: string };

/**
 * What is at `path`, judged from the SQLite header without opening the file where the header
 * suffices (opening a WAL database, even read-only, leaves files beside it): absent, empty,
 * codebook's, another file — or a symbolic link, directory or device, which no database replaces.
 */
export function inspectPath(path: string): PathContent {
  let stats;
  try {
    stats = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw e;
  }
  if (stats.isSymbolicLink()) return { kind: 'not-a-file', reason: `a symbolic link (to ${readlinkSync(path)}): name the file itself` };
  if (stats.isDirectory()) return { kind: 'not-a-file', reason: 'a directory' };
  if (!stats.isFile()) return { kind: 'not-a-file', reason: 'not a regular file (a device, socket or pipe)' };
  if (stats.size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (read < HEADER_BYTES || header.toString('latin1', 0, SQLITE_MAGIC.length) !== SQLITE_MAGIC)
    return { kind: 'foreign', reason: 'not an SQLite database' };
  const id = header.readUInt32BE(68);
  if (id === CODEBOOK_APPLICATION_ID) return { kind: 'codebook' };
  if (id !== 0) return otherApplication(id);
  if (stats.size > LEGACY_INSPECTION_MAX_BYTES) {
    return { kind: 'foreign', reason: "an SQLite database without codebook's application_id, too large to inspect" };
  }
  const bytes = readFileSync(path);
  // An in-memory copy cannot be in WAL mode: read it as a rollback-journal database (header bytes 18–19).
  bytes[18] = bytes[19] = 1;
  const copy = new Database(bytes, { readonly: true });
  try {
    return identify(copy);
  } finally {
    copy.close();
  }
}

/** The commands that change a database file. */
export type Writer = 'provision' | 'migrate' | 'ingest' | 'remove';

/**
 * Throws unless `writer` may change what is at `path`. provision: nothing, an empty file or
 * database, or codebook's — any other file only when forced; migrate: an empty file or database,
 * or codebook's; ingest and remove: codebook's. A symbolic link, directory or device: never.
 */
export function assertWritable(path: string, writer: Writer, force = false): void {
  const found = inspectPath(path);
  const inPlace = writer === 'ingest' || writer === 'remove';
  switch (found.kind) {
    case 'codebook':
      return;
    case 'absent':
      if (writer === 'provision') return;
      throw new ForeignDatabaseError(`no database at ${path}: run \`codebook provision\` first, or pass --db FILE`);
    case 'empty':
      if (!inPlace) return;
      throw new ForeignDatabaseError(`${path} is an empty database: build it with \`codebook provision --db ${path}\``);
    case 'not-a-file':
      throw new ForeignDatabaseError(`${path} is ${found.reason}; codebook writes database files only, so it was not changed`);
    case 'foreign': {
      if (writer === 'provision' && force) return;
      const hint = writer === 'provision' ? ' (pass --force to replace it)' : '';
      throw new ForeignDatabaseError(`${path} is not a codebook database: it is ${found.reason}; it was not changed${hint}`);
    }
  }
}

/** Throws unless the open database is codebook's, at exactly this codebook's latest migration. */
export const assertCodebookDatabase = (sqlite: Database.Database, path: string): void => runSync(assertCodebook(over(sqlite), path));

/** Throws unless the open database is codebook's, at whichever migration. */
export const assertCodebookFile = (sqlite: Database.Database, path: string): void => runSync(assertFile(over(sqlite), path));
