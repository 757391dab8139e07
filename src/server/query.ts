/**
 * User SQL for the SQL page and /api/query: runReadOnlyQuery, in a query process of its own that is
 * killed when the time limit passes (or the client goes away, or enough rows were taken).
 */
import { resultWriter, jsonValue } from '../access/format.js';
import { runReadOnlyQuery } from '../access/query.js';

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

/** The first MAX_ROWS_SHOWN rows of `sql`; the query is stopped once they are taken. */
export async function firstRows(settings: QuerySettings, sql: string, signal?: AbortSignal): Promise<QueryAnswer> {
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
  const result = await runReadOnlyQuery(settings.database, sql, { timeoutMs: settings.timeoutMs, signal });
  const writer = resultWriter(result.columns, 'csv');
  const batches = result[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let ended = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (ended) return;
      try {
        const next = await batches.next();
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
