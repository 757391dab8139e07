/**
 * Migrations: the SQL files drizzle-kit generated from the schema, applied in order, in one
 * transaction, recorded in drizzle's `__drizzle_migrations` table (so drizzle-kit tooling agrees).
 *
 * Unlike drizzle's own migrator this one validates before it runs, as Flyway's `validate` does:
 * an applied migration whose file changed, or a database newer than this codebook, is refused.
 * It also turns foreign keys off around the transaction (withoutForeignKeys) and runs
 * `foreign_key_check` before committing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles, type MigrationMeta } from 'drizzle-orm/migrator';
import type Database from 'better-sqlite3';
import { withoutForeignKeys } from './sqlite.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));
export const MIGRATIONS_TABLE = '__drizzle_migrations';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface Migration extends MigrationMeta {
  readonly tag: string;
}

export function readMigrations(folder = MIGRATIONS_FOLDER): Migration[] {
  const tags = migrationTags(folder);
  return readMigrationFiles({ migrationsFolder: folder }).map((m, i) => ({ ...m, tag: tags[i] ?? `#${i}` }));
}

/** The migrations' tags, in order, from drizzle-kit's journal. */
function migrationTags(folder: string): string[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((entry) => entry.tag);
}

interface AppliedMigration {
  readonly hash: string;
  readonly createdAt: number;
}

function appliedMigrations(sqlite: Database.Database): AppliedMigration[] {
  const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
  if (!exists) return [];
  return sqlite
    .prepare(`SELECT hash, CAST(created_at AS INTEGER) AS createdAt FROM ${MIGRATIONS_TABLE} ORDER BY created_at`)
    .all() as AppliedMigration[];
}

/** Throws when the database's applied migrations are not a prefix of `migrations`, file for file. */
function validateMigrations(sqlite: Database.Database, migrations: readonly Migration[]): number {
  const applied = appliedMigrations(sqlite);
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

/**
 * Brings the database to the latest migration; returns how many were applied. `PRAGMA
 * user_version` is set to the number of migrations applied, so a tool can tell a codebook file's
 * schema from its header (7: migrations 0000 to 0006).
 */
export function migrate(sqlite: Database.Database, folder = MIGRATIONS_FOLDER): number {
  const migrations = readMigrations(folder);
  const done = validateMigrations(sqlite, migrations);
  const pending = migrations.slice(done);
  if (pending.length === 0) return 0;
  withoutForeignKeys(sqlite, () => {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
    const record = sqlite.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES (?, ?)`);
    sqlite.transaction(() => {
      for (const migration of pending) {
        for (const statement of migration.sql) if (statement.trim() !== '') sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
      sqlite.pragma(`user_version = ${migrations.length}`);
      const violations = sqlite.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new MigrationError(`migrating would break ${violations.length} foreign key reference(s); nothing was changed`);
      }
    })();
  });
  return pending.length;
}

/** The tag of the latest migration, e.g. `0006_editions`: the schema a build of this codebook has. */
export function latestMigration(folder = MIGRATIONS_FOLDER): string {
  return migrationTags(folder).at(-1)!;
}

/**
 * How many of this codebook's migrations the database lacks (0: it is current). Throws when its
 * applied migrations are not this codebook's (changed, missing, or newer).
 */
export function pendingMigrations(sqlite: Database.Database, folder = MIGRATIONS_FOLDER): number {
  const migrations = readMigrations(folder);
  return migrations.length - validateMigrations(sqlite, migrations);
}

/** Throws unless the database is at exactly this codebook's latest migration. */
export function assertCurrent(sqlite: Database.Database, path: string, folder = MIGRATIONS_FOLDER): void {
  const migrations = readMigrations(folder);
  const applied = validateMigrations(sqlite, migrations);
  if (applied < migrations.length) {
    throw new MigrationError(
      `${path} is at migration ${applied} of ${migrations.length}: run \`codebook migrate --db ${path}\` ` +
        `to upgrade it, or \`codebook provision\` to rebuild it`,
    );
  }
}
