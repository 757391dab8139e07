/**
 * Reads written once for every driver. A read is a *plan*: a generator that yields what a drizzle
 * query returns — the rows themselves on a synchronous driver (better-sqlite3), a promise of them
 * on an asynchronous one (libSQL) — and is resumed with them. `runSync` runs a plan at once,
 * `runAsync` awaits each step, so one definition of each read's SQL and of what is made of its
 * rows serves the synchronous and the asynchronous data-access layer alike.
 */
import type { SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from '../schema/index.js';

/** A drizzle database over a reference database, on a synchronous or an asynchronous driver. */
export type ReadDatabase = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>;

/** A read that yields driver results and returns `T`. */
export type Plan<T> = Generator<unknown, T, unknown>;

/** Yields a driver's result (a value, or a promise of it) and returns it settled: `const rows = yield* settled(query.all())`. */
export function* settled<T>(result: T | Promise<T>): Generator<T | Promise<T>, T, unknown> {
  return (yield result) as T;
}

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Runs `plan` on a synchronous driver: every step's result is already there. */
export function runSync<T>(plan: Plan<T>): T {
  let step = plan.next();
  while (!step.done) {
    if (isPromise(step.value)) throw new Error('a synchronous driver returned a promise');
    step = plan.next(step.value);
  }
  return step.value;
}

/** Runs `plan` on an asynchronous driver, awaiting each step; a failed step is thrown where the plan yielded it. */
export async function runAsync<T>(plan: Plan<T>): Promise<T> {
  let step = plan.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await step.value;
    } catch (e) {
      step = plan.throw(e);
      continue;
    }
    step = plan.next(value);
  }
  return step.value;
}

/**
 * The rows of `query` as arrays of values, on every driver: better-sqlite3 gives arrays, libSQL
 * array-like rows (indexed, not iterable), made arrays here.
 */
export function* values<T extends unknown[]>(db: ReadDatabase, query: SQL): Plan<T[]> {
  const rows = yield* settled(db.values<T>(query) as T[] | Promise<T[]>);
  return rows.map((row) => (Array.isArray(row) ? row : (Array.prototype.slice.call(row) as T)));
}
