/**
 * The process one read-only query runs in (started by `runReadOnlyQuery`). better-sqlite3 cannot
 * interrupt a statement, so a query that must stop is stopped by killing this process; its memory
 * is watched here, and nothing it allocates can reach the caller's process.
 *
 * It sends the columns, then the rows in batches, and never more than `BATCHES_AHEAD` batches
 * the caller has not taken: memory stays flat however many rows there are, and a slow reader
 * slows the query instead of filling memory.
 */
import { Worker } from 'node:worker_threads';
import { makeQueryOnly, openSqlite } from '../db/sqlite.js';
import {
  BATCHES_AHEAD,
  MEMORY_LIMIT_MARK,
  type QueryCredit,
  type QueryFailureKind,
  type QueryMessage,
  type QueryRequest,
} from './query-protocol.js';
import { statementVerb } from '../db/read-only-sql.js';

const BATCH_ROWS = 1024;
const BATCH_BYTES = 1024 * 1024;

class QueryFailure extends Error {
  constructor(
    readonly kind: QueryFailureKind,
    message: string,
  ) {
    super(message);
  }
}

/** A value's size in bytes, as SQLite stores it (UTF-8 for text; a short string's length will do, it only sizes a batch). */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return value.length < 1024 ? value.length : Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

/**
 * A thread that watches this process, since its main thread may be inside SQLite for as long as
 * a statement runs: if the caller goes away (killed, crashed), or the process grows past its
 * memory limit, it kills the process — saying so on stderr for the second.
 * (SQLite's own heap limit does nothing here: better-sqlite3 builds it without memory statistics.)
 */
function watchdog(maxMemoryBytes: number): void {
  const watch = `const { workerData } = require('node:worker_threads');
    setInterval(() => {
      if (process.memoryUsage.rss() > workerData.maxMemoryBytes) require('node:fs').writeSync(2, workerData.marker);
      else if (process.ppid === workerData.ppid) return;
      process.kill(workerData.pid, 'SIGKILL');
    }, 50);`;
  new Worker(watch, {
    eval: true,
    workerData: { ppid: process.ppid, pid: process.pid, maxMemoryBytes, marker: MEMORY_LIMIT_MARK },
  }).unref();
}

function send(message: QueryMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, (e: Error | null) => (e ? reject(e) : resolve())));
}

let credits = BATCHES_AHEAD;
let creditArrived: (() => void) | undefined;
const credit = async (): Promise<void> => {
  while (credits === 0) await new Promise<void>((resolve) => (creditArrived = resolve));
  credits--;
};

async function run({ path, sql, params, maxValueBytes, maxMemoryBytes, busyTimeoutMs }: QueryRequest): Promise<void> {
  watchdog(maxMemoryBytes);
  const db = openSqlite(path, { readonly: true, busyTimeoutMs });
  makeQueryOnly(db);
  const statement = db.prepare(sql);
  const verb = statementVerb(sql) || 'this statement';
  if (!statement.readonly) throw new QueryFailure('read-only', `query is read-only: ${verb} would change the database; nothing was run`);
  if (!statement.reader) throw new QueryFailure('read-only', `query is read-only: ${verb} returns no rows; nothing was run`);
  statement.safeIntegers(true).raw(true);
  const columns = statement.columns().map((c) => c.name);
  await send({ type: 'columns', columns });
  let rows: unknown[][] = [];
  let bytes = 0;
  let rowNumber = 0;
  const flush = async () => {
    await credit();
    await send({ type: 'rows', rows });
    rows = [];
    bytes = 0;
  };
  const iterator = (Object.keys(params).length > 0 ? statement.iterate(params) : statement.iterate()) as IterableIterator<unknown[]>;
  for (const row of iterator) {
    rowNumber++;
    for (let i = 0; i < row.length; i++) {
      const size = valueBytes(row[i]);
      if (size > maxValueBytes) {
        throw new QueryFailure(
          'value-too-large',
          `row ${rowNumber}, column ${columns[i]}: a value of ${size.toLocaleString('en-US')} bytes is ` +
            `over the limit of ${maxValueBytes.toLocaleString('en-US')} bytes per value; select part of ` +
            `it (substr(), length(), hex(substr()))`,
        );
      }
      bytes += size;
    }
    rows.push(row);
    if (rows.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
  }
  if (rows.length > 0) await flush();
  await send({ type: 'done' });
}

function failure(e: unknown): QueryMessage {
  if (e instanceof QueryFailure) return { type: 'failed', kind: e.kind, message: e.message };
  const { code, message } = e as { code?: string; message?: string };
  if (code === 'SQLITE_NOMEM' || code === 'SQLITE_TOOBIG') {
    return {
      type: 'failed',
      kind: 'out-of-memory',
      message:
        `the query needs more memory than a query may use (SQLite: ${message}): a value or an intermediate ` +
        `result is too large; select part of a large value (substr(), length())`,
    };
  }
  return { type: 'failed', kind: 'sql', message: message ?? String(e) };
}

// Started by runReadOnlyQuery (fork), this module is the process; nothing imports it.
if (process.send !== undefined) {
  process.on('message', (message: QueryRequest | QueryCredit) => {
    if ('type' in message) {
      credits++;
      creditArrived?.();
      return;
    }
    run(message)
      .catch((e: unknown) => send(failure(e)))
      .finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}
