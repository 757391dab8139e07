/**
 * Migrations: the SQL files drizzle-kit generated from the schema (embedded in migrations.ts),
 * applied in order, in one transaction, recorded in drizzle's `__drizzle_migrations` table (so
 * drizzle-kit tooling agrees).
 *
 * Unlike drizzle's own migrator this one validates before it runs, as Flyway's `validate` does:
 * an applied migration whose file changed, or a database newer than this codebook, is refused.
 * It also turns foreign keys off around the transaction (withoutForeignKeys) and runs
 * `foreign_key_check` before committing.
 */
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { writeSchemaDescriptions } from './descriptions.js';
import { appliedMigrations, MIGRATIONS_TABLE, MigrationError, validateMigrations, type Migration } from './migration.js';
import { MIGRATIONS } from './migrations.js';
import { runSync } from './plan.js';
import { withoutForeignKeys } from './sqlite.js';

export { MIGRATIONS_TABLE, MigrationError } from './migration.js';

/** How many of `migrations` the database has applied; throws unless they are a prefix of them, file for file. */
const appliedCount = (sqlite: Database.Database, migrations: readonly Migration[]): number =>
  validateMigrations(runSync(appliedMigrations(drizzle({ client: sqlite }))), migrations);

/**
 * Brings the database to the latest of `migrations` (this codebook's by default); returns how many
 * were applied. `PRAGMA user_version` is set to the number of migrations applied, so a tool can
 * tell a codebook file's schema from its header (8: migrations 0000 to 0007).
 */
export function migrate(sqlite: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const done = appliedCount(sqlite, migrations);
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
      // Brought to this codebook's own schema: the database says what it now holds.
      if (migrations.at(-1)?.hash === MIGRATIONS.at(-1)?.hash) writeSchemaDescriptions(sqlite);
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
export const latestMigration = (migrations: readonly Migration[] = MIGRATIONS): string => migrations.at(-1)!.tag;

/**
 * How many of `migrations` the database lacks (0: it is current). Throws when its applied
 * migrations are not these (changed, missing, or newer).
 */
export const pendingMigrations = (sqlite: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number =>
  migrations.length - appliedCount(sqlite, migrations);
