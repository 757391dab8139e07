import { closeSync, openSync } from 'node:fs';
import { QueryParameterError, runReadOnlyQuery } from '../../access/query.js';
import { requireDatabase } from '../database.js';
import { resultWriter } from '../../access/format.js';
import { CliError } from '../failure.js';
import { readLimited, type CliIO, type Output } from '../io.js';
import type { OutputFormat } from '../../access/output-formats.js';
import { parseParams } from '../params.js';

/** The most SQL read from a file or standard input: far more than any query, far less than memory. */
export const MAX_SQL_BYTES = 4 * 1024 * 1024;

/** An argument that names a file of SQL rather than being SQL: one word ending in `.sql`. */
const isSqlFileName = (argument: string): boolean => /^\S+\.sql$/i.test(argument);

/** The SQL itself, the contents of a .sql file, or standard input for `-`. */
function sqlText(io: CliIO, argument: string): string {
  if (argument === '-') return io.readStdin(MAX_SQL_BYTES);
  if (!isSqlFileName(argument)) return argument;
  let fd: number;
  try {
    fd = openSync(argument, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`no such file: ${argument}`);
    if (code === 'EISDIR') throw new CliError(`${argument} is a directory, not a file of SQL`);
    throw e;
  }
  try {
    return readLimited(fd, MAX_SQL_BYTES, argument);
  } finally {
    closeSync(fd);
  }
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
    }).catch((e: unknown) => {
      if (!(e instanceof QueryParameterError)) throw e;
      throw new CliError(
        `${e.message}: give ${e.missing.length === 1 ? 'it' : 'them'} with ${e.missing.map((name) => `-p ${name} VALUE`).join(' ')}`,
      );
    });
    const writer = resultWriter(result.columns, options.format);
    for await (const batch of result) await write(io.stdout, writer.rows(batch));
    await write(io.stdout, writer.end());
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
}
