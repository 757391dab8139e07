/**
 * Read-only SQL for analysts and for servers that expose it, bounded in time and memory.
 *
 * Each query runs in its own process (query-process.ts), because better-sqlite3 cannot interrupt
 * a running statement: when the time limit passes, the caller aborts, or the caller stops reading,
 * the process is killed and its CPU and memory are released at once. Rows stream back in batches
 * the caller pulls, so a million rows need no more memory than a few thousand.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as argument from './arguments.js';
import { connectionChange, namedParameters } from '../db/read-only-sql.js';
import {
  BATCHES_AHEAD,
  MEMORY_LIMIT_MARK,
  type QueryCredit,
  type QueryFailureKind,
  type QueryMessage,
  type QueryRequest,
} from './query-protocol.js';

/** A query running longer than this is stopped, unless the caller sets its own limit. */
export const DEFAULT_QUERY_TIMEOUT_MS = 60_000;
/** A larger value is refused (a document is at most 2 MiB, so no stored text comes near it). */
export const DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;
/** The query process's memory (resident set) beyond which it is stopped; sorting and grouping spill to temporary files long before it. */
export const DEFAULT_MAX_MEMORY_BYTES = 512 * 1024 * 1024;
/** How long a query waits for a writer's commit before it fails with "database is locked". */
const BUSY_TIMEOUT_MS = 60_000;

export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
}

/** A query stopped by a limit: its time, the size of a value, or its memory. */
export class QueryLimitError extends Error {
  override name = 'QueryLimitError';
  constructor(
    message: string,
    /** The time limit it ran for, when that is the limit it reached: a server names its own setting for it. */
    readonly timeLimitMs?: number,
  ) {
    super(message);
  }
}

/** A query stopped because its caller aborted it (Ctrl-C, a client that went away). */
/** The SQL names parameters (`:code`, `@code`, `$code`) that `params` gives no value for; nothing was run. */
export class QueryParameterError extends Error {
  override name = 'QueryParameterError';
  constructor(readonly missing: readonly string[]) {
    super(`no value for the SQL's parameter${missing.length === 1 ? '' : 's'} ${missing.map((name) => `:${name}`).join(', ')}`);
  }
}

export class QueryAbortedError extends Error {
  override name = 'QueryAbortedError';
  readonly exitCode = 130;
}

export interface QueryOptions {
  /** Named parameters, used in the SQL as `:name`. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Stop the query after it has run this long; time spent waiting for the caller to take rows does not count. */
  readonly timeoutMs?: number;
  /** Refuse a value larger than this many bytes. */
  readonly maxValueBytes?: number;
  /** Stop the query when its process uses more memory than this (resident set, bytes). */
  readonly maxMemoryBytes?: number;
  /** Stops the query when aborted. */
  readonly signal?: AbortSignal;
}

/** A running query: its columns, then its rows, a batch at a time. Stop iterating early and the query is stopped. */
export interface QueryResult extends AsyncIterable<unknown[][]> {
  readonly columns: string[];
}

const FAILURES: Record<QueryFailureKind, new (message: string) => Error> = {
  'read-only': ReadOnlyViolation,
  'value-too-large': QueryLimitError,
  'out-of-memory': QueryLimitError,
  sql: Error,
};

/** Query processes still running, killed if this process exits first. */
const running = new Set<ChildProcess>();
const killRunning = () => {
  for (const child of running) child.kill('SIGKILL');
};

/** The query process: compiled JavaScript, or TypeScript through tsx when running from source. */
function startQueryProcess(): ChildProcess {
  const self = import.meta.url;
  const fromSource = self.endsWith('.ts');
  const module = new URL(fromSource ? './query-process.ts' : './query-process.js', self);
  if (module.protocol !== 'file:' || !existsSync(fileURLToPath(module))) {
    // A bundle holds this module but not the process it starts; a query cannot be bounded in time
    // and memory without it, so it is not run on this thread instead.
    throw new Error(
      `runReadOnlyQuery runs each query in a process of its own, from ${module.href}, which is not there ` +
        '(a bundled app): bundle codebook/dist/access/query-process.js as an entry point of its own, beside the bundle',
    );
  }
  const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(self).resolve('tsx/esm')).href] : [];
  const child = fork(module, [], { serialization: 'advanced', execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  if (running.size === 0) process.on('exit', killRunning);
  running.add(child);
  child.on('exit', () => {
    running.delete(child);
    if (running.size === 0) process.off('exit', killRunning);
  });
  return child;
}

/** A time limit that counts only while it runs: paused while the query waits for its caller. */
function stopwatch(limitMs: number, expire: () => void) {
  let remaining = limitMs;
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    run() {
      if (timer !== undefined) return;
      since = Date.now();
      timer = setTimeout(expire, remaining);
    },
    pause() {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      remaining -= Date.now() - since;
    },
  };
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;
const megabytes = (bytes: number): string => `${Number((bytes / 1024 / 1024).toFixed(1))} MiB`;

/**
 * Runs one read-only statement on the database at `path` and streams its rows. The database is
 * opened read-only with `query_only`; SQLite must report the statement read-only and returning
 * rows; ATTACH, DETACH and PRAGMAs given a value are refused before a process is started.
 * Values are exact: every integer is a BigInt, a blob a Uint8Array. Resolves once the statement
 * is prepared, with its columns; rejects with ReadOnlyViolation, QueryLimitError,
 * QueryAbortedError or SQLite's own error.
 */
export async function runReadOnlyQuery(path: string, sql: string, options: QueryOptions = {}): Promise<QueryResult> {
  const method = 'runReadOnlyQuery';
  const given = argument.options(method, 'options', options, ['params', 'timeoutMs', 'maxValueBytes', 'maxMemoryBytes', 'signal']);
  const request: QueryRequest = {
    path: argument.text(method, 'path', path),
    sql: argument.text(method, 'sql', sql),
    params: argument.record(method, 'options.params', given.params),
    maxValueBytes: argument.count(method, 'options.maxValueBytes', given.maxValueBytes, 1) ?? DEFAULT_MAX_VALUE_BYTES,
    maxMemoryBytes: argument.count(method, 'options.maxMemoryBytes', given.maxMemoryBytes, 1) ?? DEFAULT_MAX_MEMORY_BYTES,
    busyTimeoutMs: BUSY_TIMEOUT_MS,
  };
  const timeoutMs = argument.count(method, 'options.timeoutMs', given.timeoutMs, 1) ?? DEFAULT_QUERY_TIMEOUT_MS;
  const { signal } = given;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${method}: options.signal must be an AbortSignal`);
  signal?.throwIfAborted();
  // What takes effect as soon as it is prepared is refused here, before any process starts.
  const change = connectionChange(request.sql);
  if (change !== undefined) throw new ReadOnlyViolation(`query is read-only: ${change}; nothing was run`);
  const missing = namedParameters(request.sql).filter((name) => !Object.hasOwn(request.params, name));
  if (missing.length > 0) throw new QueryParameterError(missing);

  const child = startQueryProcess();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));

  // What the query process sent, in order, and why it will send no more.
  const inbox: QueryMessage[] = [];
  let ended: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const end = (e: Error) => {
    ended ??= e;
    child.kill('SIGKILL');
    notify();
  };
  const clock = stopwatch(timeoutMs, () =>
    end(
      new QueryLimitError(
        `the query ran for its time limit of ${seconds(timeoutMs)} and was stopped; allow it longer with --timeout SECONDS (timeoutMs)`,
        timeoutMs,
      ),
    ),
  );
  const onAbort = () => end(new QueryAbortedError('the query was interrupted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  let done = false;
  const finish = () => {
    clock.pause();
    signal?.removeEventListener('abort', onAbort);
    // A query that finished exits by itself; any other is stopped.
    if (!done) child.kill('SIGKILL');
  };

  child.on('message', (message: QueryMessage) => {
    inbox.push(message);
    // The query process waits once this many batches are not taken: its time does not run meanwhile.
    if (inbox.filter((m) => m.type === 'rows').length >= BATCHES_AHEAD) clock.pause();
    notify();
  });
  // 'close' comes after every message the process sent.
  child.on('close', (code, signal) => {
    if (stderr.includes(MEMORY_LIMIT_MARK)) {
      end(
        new QueryLimitError(
          `the query used more than its memory limit of ${megabytes(request.maxMemoryBytes)} and was ` +
            `stopped: select less at once (fewer rows to sort or group, or part of a large value)`,
        ),
      );
    }
    const detail = stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-3).join(' ')}`;
    end(new Error(`the query process ended unexpectedly (${signal ?? `exit code ${code}`})${detail}`));
  });
  child.on('error', end);

  /** The next message, or the reason there is none. */
  const next = async (): Promise<QueryMessage> => {
    for (;;) {
      const message = inbox.shift();
      if (message?.type === 'failed') throw new FAILURES[message.kind](message.message);
      if (message !== undefined) return message;
      if (ended) throw ended;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  child.send(request);
  clock.run();
  let columns: string[];
  try {
    const first = await next();
    if (first.type !== 'columns') throw new Error(`the query process sent ${first.type} before its columns`);
    columns = first.columns;
  } catch (e) {
    finish();
    throw e;
  }
  return {
    columns,
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const message = await next();
          if (message.type === 'done') {
            done = true;
            return;
          }
          if (message.type !== 'rows') throw new Error(`the query process sent ${message.type} among its rows`);
          // A credit the process cannot take any more (it sent its last rows and exited) is no error:
          // how it ended comes with its messages and its exit.
          if (child.connected) child.send({ type: 'more' } satisfies QueryCredit, () => {});
          clock.run();
          yield message.rows;
        }
      } finally {
        finish();
      }
    },
  };
}
