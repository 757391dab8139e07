/**
 * What one build run changed, so that the steps after it — pruning and resolving the catalogs,
 * the data checks — look at that and not at the whole database: the documents it wrote or removed,
 * the documented codes it wrote, and the catalog entries and payers those documents mention.
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { CatalogName } from '../domain/fields.js';

export interface ChangeScope {
  /** The documents the run wrote, and those it removed (their ids may be reused by the ones it wrote). */
  readonly documentIds: readonly number[];
  /** The documented codes of the documents it wrote. */
  readonly procedureCodes: readonly string[];
  /** The catalog entries that the documents it wrote or removed mention, by catalog. */
  readonly entries: { readonly [C in CatalogName]: readonly string[] };
  /** The payers those documents name. */
  readonly payers: readonly string[];
}

/** Conditions that keep a statement to a part of the database: to a scope, or to none of it (everything). */
export interface Within {
  procedures(code: SQLWrapper): SQL;
  documents(id: SQLWrapper): SQL;
  entries(catalog: CatalogName, code: SQLWrapper): SQL;
  payers(name: SQLWrapper): SQL;
}

const always = () => sql`1`;

/** The whole database. */
export const EVERYWHERE: Within = { procedures: always, documents: always, entries: always, payers: always };

/** One bound parameter per set: `value IN (json_each(?))` is answered by index lookups, one per member. */
const among = (values: readonly (string | number)[]) => (column: SQLWrapper) =>
  sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;

/** The part of the database `scope` names. */
export function within(scope: ChangeScope): Within {
  return {
    procedures: among(scope.procedureCodes),
    documents: among(scope.documentIds),
    entries: (catalog, code) => among(scope.entries[catalog])(code),
    payers: among(scope.payers),
  };
}
