/**
 * `codebook migrate`: brings a database file to the latest migration in place, under its writer
 * lock, keeping its rows. Only a codebook database, or an empty one, is migrated: codebook's
 * schema is never installed into another application's database.
 */
import { openDatabase } from './connection.js';
import { settleJournal } from './files.js';
import { ForeignDatabaseError, inspectPath, stampIdentity } from './identity.js';
import { migrate } from './migrate.js';
import { acquireWriterLock, DEFAULT_WAIT_MS, type WriterOptions } from './writer-lock.js';

/** Migrates the database at `target`; returns how many migrations were applied. */
export async function migrateFile(target: string, options: WriterOptions = {}): Promise<number> {
  const lock = await acquireWriterLock(target, options);
  try {
    const found = inspectPath(target);
    if (found.kind === 'absent') throw new ForeignDatabaseError(`no database at ${target}: run \`codebook provision\` first, or pass --db FILE`);
    if (found.kind === 'not-a-file') throw new ForeignDatabaseError(`${target} is ${found.reason}; it was not changed`);
    if (found.kind === 'foreign') throw new ForeignDatabaseError(`${target} is not a codebook database: it is ${found.reason}; it was not changed`);
    await settleJournal(target, options);
    const db = openDatabase(target, { busyTimeoutMs: options.waitMs ?? DEFAULT_WAIT_MS });
    try {
      const applied = migrate(db.$client);
      stampIdentity(db.$client);
      return applied;
    } finally {
      db.$client.close();
    }
  } finally {
    lock.release();
  }
}
