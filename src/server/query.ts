/**
 * User SQL for the SQL page and /api/query: runReadOnlyQuery, in a query process of its own that is
 * killed when the time limit passes (or the client goes away, or enough rows were taken).
 */
import { resultWriter, jsonValue } from '../access/format.js';
import { QueryLimitError, runReadOnlyQuery } from '../access/query.js';

/** The page and the JSON answer show at most this many rows (and say when there were more); a CSV download has every row. */
export const MAX_ROWS_SHOWN = 1000;

export interface QueryAnswer {
  columns: string[];
  rows: unknown[][];
  /** More rows followed; the query was stopped after MAX_ROWS_SHOWN. */
  truncated: boolean;
}

export interface QuerySettings {
  readonly database: string;
  readonly timeoutMs: number;
}

/** A query stopped at its time limit says which setting of the server sets it (the data-access layer names the CLI's). */
async function explained<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof QueryLimitError && e.timeLimitMs !== undefined)
      throw new QueryLimitError(
        `the query ran for its time limit of ${e.timeLimitMs / 1000} s and was stopped (set by codebook serve --sql-timeout SECONDS)`,
        e.timeLimitMs,
      );
    throw e;
  }
}

/** The first MAX_ROWS_SHOWN rows of `sql`; the query is stopped once they are taken. */
export function firstRows(settings: QuerySettings, sql: string, signal?: AbortSignal): Promise<QueryAnswer> {
  return explained(() => readFirstRows(settings, sql, signal));
}

async function readFirstRows(settings: QuerySettings, sql: string, signal?: AbortSignal): Promise<QueryAnswer> {
  const result = await runReadOnlyQuery(settings.database, sql, { timeoutMs: settings.timeoutMs, signal });
  const rows: unknown[][] = [];
  let truncated = false;
  outer: for await (const batch of result) {
    for (const row of batch) {
      if (rows.length === MAX_ROWS_SHOWN) {
        truncated = true;
        break outer;
      }
      rows.push(row);
    }
  }
  return { columns: result.columns, rows, truncated };
}

/** An answer as JSON, every integer exact (64-bit integers arrive as BigInt), a blob as its SQL literal. */
export const answerJson = (answer: QueryAnswer): string =>
  `{"columns":${JSON.stringify(answer.columns)},"rows":[${answer.rows
    .map((row) => `[${row.map(jsonValue).join(',')}]`)
    .join(',')}],"truncated":${answer.truncated}}\n`;

/** Every row of `sql` as CSV, streamed as the client reads it; the query is stopped if the client goes away. */
export async function csvStream(settings: QuerySettings, sql: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const result = await explained(() => runReadOnlyQuery(settings.database, sql, { timeoutMs: settings.timeoutMs, signal }));
  const writer = resultWriter(result.columns, 'csv');
  const batches = result[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let ended = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (ended) return;
      try {
        const next = await explained(() => batches.next());
        if (next.done) {
          ended = true;
          controller.enqueue(encoder.encode(writer.end()));
          controller.close();
        } else controller.enqueue(encoder.encode(writer.rows(next.value)));
      } catch (e) {
        // The status is sent already: the transfer fails, so a partial CSV is never taken for a whole one.
        ended = true;
        controller.error(e);
      }
    },
    async cancel() {
      await batches.return?.();
    },
  });
}
