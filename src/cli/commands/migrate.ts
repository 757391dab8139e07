import { openDatabase } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { requireDatabase } from '../database.js';

export function migrateCommand(options: { db: string }): void {
  const db = openDatabase(requireDatabase(options.db));
  try {
    const applied = migrate(db.$client);
    process.stdout.write(applied === 0 ? `${options.db} is up to date\n` : `${options.db}: applied ${applied} migration(s)\n`);
  } finally {
    db.$client.close();
  }
}
