/** What runReadOnlyQuery and its query process (query-process.ts) say to each other. */

export interface QueryRequest {
  readonly path: string;
  readonly sql: string;
  readonly params: Record<string, unknown>;
  readonly maxValueBytes: number;
  readonly maxMemoryBytes: number;
  readonly busyTimeoutMs: number;
}

export type QueryFailureKind = 'read-only' | 'value-too-large' | 'out-of-memory' | 'sql';

export type QueryMessage =
  | { readonly type: 'columns'; readonly columns: string[] }
  | { readonly type: 'rows'; readonly rows: unknown[][] }
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly kind: QueryFailureKind; readonly message: string };

/** The caller's reply to a batch: it has taken one, the query may send another. */
export type QueryCredit = { readonly type: 'more' };

export const BATCHES_AHEAD = 4;

/** What the query process writes to stderr when its watchdog stops it for using too much memory. */
export const MEMORY_LIMIT_MARK = 'codebook-query: memory limit reached\n';
