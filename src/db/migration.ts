/**
 * What a migration is, and which of them a database has applied — for every driver (plans, see
 * plan.ts): readers check a database is at the latest migration before they read it, on
 * better-sqlite3 and libSQL alike. The migrations themselves are embedded in the code
 * (migrations.ts, generated from migrations/), so nothing is read from disk to check or apply them.
 */
import { sql } from 'drizzle-orm';
import type { MigrationMeta } from 'drizzle-orm/migrator';
import { values, type Plan, type ReadDatabase } from './plan.js';

/** A migration as drizzle's migrator reads it (its SQL statements, its hash and time), with its file's name. */
export interface Migration extends MigrationMeta {
  readonly tag: string;
}

export const MIGRATIONS_TABLE = '__drizzle_migrations';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface AppliedMigration {
  readonly hash: string;
  readonly createdAt: number;
}

/** The migrations the database has applied, in order (none when it has no migrations table). */
export function* appliedMigrations(db: ReadDatabase): Plan<AppliedMigration[]> {
  const exists = yield* values(db, sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${MIGRATIONS_TABLE}`);
  if (exists.length === 0) return [];
  const rows = yield* values<[string, number]>(
    db,
    sql.raw(`SELECT hash, CAST(created_at AS INTEGER) FROM ${MIGRATIONS_TABLE} ORDER BY created_at`),
  );
  return rows.map(([hash, createdAt]) => ({ hash, createdAt: Number(createdAt) }));
}

/**
 * How many of `migrations` the database has applied; throws unless what it applied is a prefix of
 * them, file for file (as Flyway's validate does): a changed, missing or unknown migration is refused.
 */
export function validateMigrations(applied: readonly AppliedMigration[], migrations: readonly Migration[]): number {
  applied.forEach((row, i) => {
    const file = migrations[i];
    if (file === undefined) {
      throw new MigrationError(
        `the database has ${applied.length} migrations applied but this codebook knows ${migrations.length}: ` +
          `it was built by a newer version`,
      );
    }
    if (row.createdAt !== file.folderMillis) {
      throw new MigrationError(
        `applied migration #${i + 1} (created ${row.createdAt}) is not ${file.tag} (created ${file.folderMillis}): ` +
          `a migration is missing or was reordered`,
      );
    }
    if (row.hash !== file.hash) {
      throw new MigrationError(`migration ${file.tag} was changed after it was applied to this database (checksum mismatch)`);
    }
  });
  return applied.length;
}

/** Throws unless the database is at exactly the latest of `migrations`. */
export function* assertCurrent(db: ReadDatabase, path: string, migrations: readonly Migration[]): Plan<void> {
  const applied = validateMigrations(yield* appliedMigrations(db), migrations);
  if (applied < migrations.length) {
    throw new MigrationError(
      `${path} is at migration ${applied} of ${migrations.length}: run \`codebook migrate --db ${path}\` ` +
        `to upgrade it, or \`codebook provision\` to rebuild it`,
    );
  }
}
