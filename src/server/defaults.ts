/** The server's defaults, apart from the server so that the command line can show them without loading it. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** The SQL page's time limit unless told otherwise: a person waits for it. */
export const DEFAULT_SQL_TIMEOUT_MS = 1000;
