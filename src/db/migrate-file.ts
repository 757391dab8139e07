/**
 * `codebook migrate`: brings a database file to the latest migration in place, under its writer
 * lock, keeping its rows. Only a codebook database, or an empty one, is migrated: codebook's
 * schema is never installed into another application's database.
 */
import { openDatabase } from './connection.js';
import { fileIdentity, ReplaceError, settleJournal } from './files.js';
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
    const opened = fileIdentity(target);
    const db = openDatabase(target, { busyTimeoutMs: options.waitMs ?? DEFAULT_WAIT_MS });
    let applied: number;
    try {
      applied = migrate(db.$client);
      stampIdentity(db.$client);
    } finally {
      db.$client.close();
    }
    if (fileIdentity(target) !== opened)
      throw new ReplaceError(`${target} was replaced by another program while it was migrated: migrate it again`);
    return applied;
  } finally {
    lock.release();
  }
}
