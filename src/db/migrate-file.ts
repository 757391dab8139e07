/**
 * `codebook migrate`: brings a database file to the latest migration in place, under its writer
 * lock, keeping its rows. Only a codebook database, or an empty one, is migrated: codebook's
 * schema is never installed into another application's database.
 */
import { openDatabase } from './connection.js';
import { settleJournal } from './files.js';
import { assertWritable, stampIdentity } from './identity.js';
import { migrate } from './migrate.js';
import { acquireWriterLock, DEFAULT_WAIT_MS, type WriterOptions } from './writer-lock.js';

/** Migrates the database at `target`; returns how many migrations were applied. */
export async function migrateFile(target: string, options: WriterOptions = {}): Promise<number> {
  // Checked before the lock too, so that no lock file is made beside a device or a foreign file.
  assertWritable(target, 'migrate');
  const lock = await acquireWriterLock(target, options);
  try {
    assertWritable(target, 'migrate');
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
