import { existsSync, readFileSync } from 'node:fs';
import { runReadOnlyQuery } from '../../access/query.js';
import { requireDatabase } from '../database.js';
import { formatResult } from '../format.js';
import type { OutputFormat } from '../output-formats.js';
import { parseParams } from '../params.js';

/** The SQL itself, the contents of a .sql file, or standard input for `-`. */
function sqlText(argument: string): string {
  if (argument === '-') return readFileSync(0, 'utf8');
  if (argument.trim().toLowerCase().endsWith('.sql') && existsSync(argument)) return readFileSync(argument, 'utf8');
  return argument;
}

export function queryCommand(sql: string, options: { db: string; format: OutputFormat; param: string[] }): void {
  const result = runReadOnlyQuery(requireDatabase(options.db), sqlText(sql), parseParams(options.param));
  process.stdout.write(formatResult(result, options.format));
}
