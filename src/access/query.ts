/**
 * Read-only SQL for analysts, on two levels: the connection is opened read-only, and each
 * statement is checked before it runs (SQLite's own `stmt.readonly`, plus the statements that
 * change a connection without writing: ATTACH, DETACH and PRAGMA assignments).
 */
import Database from 'better-sqlite3';

export class ReadOnlyViolation extends Error {
  override name = 'ReadOnlyViolation';
}

export interface QueryResult {
  readonly columns: string[];
  readonly rows: unknown[][];
}

/** PRAGMAs that take an argument and only read. */
const READING_PRAGMAS = new Set([
  'table_info',
  'table_xinfo',
  'table_list',
  'index_info',
  'index_xinfo',
  'index_list',
  'foreign_key_list',
  'foreign_key_check',
  'integrity_check',
  'quick_check',
]);

const firstWord = (sql: string): string =>
  sql
    .replace(/^(\s+|--[^\n]*\n?|\/\*[^]*?\*\/)*/, '')
    .match(/^[A-Za-z]+/)?.[0]
    ?.toUpperCase() ?? '';

/** Why `sql` may not run on a read-only connection, or undefined when it may. */
function readOnlyRefusal(sql: string, statement: Database.Statement): string | undefined {
  const verb = firstWord(sql);
  if (verb === 'ATTACH' || verb === 'DETACH') return `${verb} changes the connection`;
  if (verb === 'PRAGMA') {
    const pragma = /^\s*PRAGMA\s+(?:\w+\.)?(\w+)\s*(=|\()?/i.exec(sql.replace(/^(\s+|--[^\n]*\n?|\/\*[^]*?\*\/)*/, ''));
    if (pragma?.[2] === '=' || (pragma?.[2] === '(' && !READING_PRAGMAS.has(pragma[1]!.toLowerCase()))) {
      return `PRAGMA ${pragma[1]} with a value changes the connection or the database`;
    }
  }
  if (!statement.readonly) return `${verb || 'this statement'} would change the database`;
  if (!statement.reader) return `${verb || 'this statement'} returns no rows`;
  return undefined;
}

/** Opens `path` read-only, runs one statement with named parameters, returns its columns and rows. */
export function runReadOnlyQuery(path: string, sql: string, params: Record<string, unknown> = {}): QueryResult {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const statement = db.prepare(sql);
    const refusal = readOnlyRefusal(sql, statement);
    if (refusal !== undefined) throw new ReadOnlyViolation(`query is read-only: ${refusal}; nothing was run`);
    const columns = statement.columns().map((c) => c.name);
    const rows = (Object.keys(params).length > 0 ? statement.raw(true).all(params) : statement.raw(true).all()) as unknown[][];
    return { columns, rows };
  } finally {
    db.close();
  }
}
