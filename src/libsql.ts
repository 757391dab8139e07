/**
 * codebook's data-access layer on libSQL: `import { openLibsqlCodebook } from 'codebook/libsql'`.
 * A separate entry, so that only apps that use libSQL need `@libsql/client` installed.
 */
export { openLibsqlCodebook, type AsyncCodebook } from './access/libsql.js';
export type { LibsqlCodebookDatabase, LibsqlTarget } from './db/libsql.js';
