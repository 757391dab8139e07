import { startServer } from '../../server/serve.js';
import { requireDatabase } from '../database.js';
import type { CliIO } from '../io.js';

/** `codebook serve`: answers until interrupted (Ctrl-C, SIGTERM), then closes the server and the database. */
export async function serveCommand(io: CliIO, options: { db: string; host: string; port: number; sqlTimeout: number }): Promise<void> {
  const server = await startServer({
    database: requireDatabase(options.db),
    host: options.host,
    port: options.port,
    sqlTimeoutMs: Math.round(options.sqlTimeout * 1000),
  });
  io.stdout.write(`codebook: serving ${options.db} at ${server.url}/ (read-only; Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
  await server.close();
}
