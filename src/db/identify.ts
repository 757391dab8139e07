/**
 * Whether an open database is a codebook database, for every driver (plans, see plan.ts). Every
 * database codebook builds carries its application id in the SQLite header (`PRAGMA
 * application_id`, the way `file(1)` tells formats apart); a database built before there was one
 * is recognized by its applied migrations, which begin with codebook's first. Readers read only a
 * codebook database at this codebook's latest migration.
 */
import { sql } from 'drizzle-orm';
import { appliedMigrations, assertCurrent } from './migration.js';
import { MIGRATIONS } from './migrations.js';
import { values, type Plan, type ReadDatabase } from './plan.js';

/** `cdbk`: codebook's `PRAGMA application_id`. */
export const CODEBOOK_APPLICATION_ID = 0x6364626b;

/** A database (or file) that is not codebook's: codebook will not read or change it. */
export class ForeignDatabaseError extends Error {
  override name = 'ForeignDatabaseError';
}

export type Identity = { readonly kind: 'codebook' } | { readonly kind: 'empty' } | { readonly kind: 'foreign'; readonly reason: string };

export const hexId = (id: number): string => `0x${(id >>> 0).toString(16).padStart(8, '0')}`;

/** An application id other than codebook's: another application's database. */
export const otherApplication = (id: number): Identity => ({
  kind: 'foreign',
  reason: `another application's SQLite database (application_id ${hexId(id)}; codebook's is ${hexId(CODEBOOK_APPLICATION_ID)})`,
});

/** What the open database is: codebook's, empty (no tables), or something else. */
export function* identifyDatabase(db: ReadDatabase): Plan<Identity> {
  const [[id] = [0]] = yield* values<[number]>(db, sql`PRAGMA application_id`);
  if (Number(id) === CODEBOOK_APPLICATION_ID) return { kind: 'codebook' };
  if (Number(id) !== 0) return otherApplication(Number(id));
  const [[tables] = [0]] = yield* values<[number]>(db, sql`SELECT count(*) FROM sqlite_master`);
  if (Number(tables) === 0) return { kind: 'empty' };
  const [first] = yield* appliedMigrations(db);
  if (first !== undefined && first.hash === MIGRATIONS[0]?.hash) return { kind: 'codebook' };
  return { kind: 'foreign', reason: "an SQLite database with tables, but without codebook's application_id or migrations" };
}

/** Throws unless the open database is codebook's, at whichever migration. */
export function* assertCodebookFile(db: ReadDatabase, path: string): Plan<void> {
  const identity = yield* identifyDatabase(db);
  if (identity.kind === 'empty')
    throw new ForeignDatabaseError(`${path} is an empty database: build it with \`codebook provision --db ${path}\``);
  if (identity.kind === 'foreign') throw new ForeignDatabaseError(`${path} is not a codebook database: ${identity.reason}`);
}

/** Throws unless the open database is codebook's, at exactly this codebook's latest migration. */
export function* assertCodebookDatabase(db: ReadDatabase, path: string): Plan<void> {
  yield* assertCodebookFile(db, path);
  yield* assertCurrent(db, path, MIGRATIONS);
}
