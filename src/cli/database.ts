import { existsSync } from 'node:fs';
import { CliError } from './failure.js';

/** The database a read command needs, or a message that says how to make it. */
export function requireDatabase(path: string): string {
  if (!existsSync(path)) throw new CliError(`no database at ${path}: run \`codebook provision\` first, or pass --db FILE`);
  return path;
}
