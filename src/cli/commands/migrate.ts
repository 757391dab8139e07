import { migrateFile } from '../../db/migrate-file.js';
import type { CliIO } from '../io.js';
import { writerOptions } from '../writer.js';

export async function migrateCommand(io: CliIO, options: { db: string; wait: number }): Promise<void> {
  const applied = await migrateFile(options.db, writerOptions(io, options));
  io.stdout.write(applied === 0 ? `${options.db} is up to date\n` : `${options.db}: applied ${applied} migration(s)\n`);
}
