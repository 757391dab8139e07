import { existsSync, readFileSync } from 'node:fs';
import { runReadOnlyQuery } from '../../access/query.js';
import { requireDatabase } from '../database.js';
import { resultWriter } from '../../access/format.js';
import type { CliIO, Output } from '../io.js';
import type { OutputFormat } from '../../access/output-formats.js';
import { parseParams } from '../params.js';

/** The SQL itself, the contents of a .sql file, or standard input for `-`. */
function sqlText(io: CliIO, argument: string): string {
  if (argument === '-') return io.readStdin();
  if (argument.trim().toLowerCase().endsWith('.sql') && existsSync(argument)) return readFileSync(argument, 'utf8');
  return argument;
}

/** Writes to standard output, waiting while it is full: a slow reader slows the query rather than filling memory. */
async function write(out: Output, text: string): Promise<void> {
  if (text !== '' && !out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export async function queryCommand(
  io: CliIO,
  sql: string,
  options: { db: string; format: OutputFormat; param: string[]; timeout: number },
): Promise<void> {
  // Ctrl-C stops the query process at once, whatever it is doing.
  const interrupt = new AbortController();
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const result = await runReadOnlyQuery(requireDatabase(options.db), sqlText(io, sql), {
      params: parseParams(options.param),
      timeoutMs: Math.round(options.timeout * 1000),
      signal: interrupt.signal,
    });
    const writer = resultWriter(result.columns, options.format);
    for await (const batch of result) await write(io.stdout, writer.rows(batch));
    await write(io.stdout, writer.end());
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}
