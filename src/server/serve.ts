/** Runs the explorer on @hono/node-server: the database opened read-only, bound to 127.0.0.1 unless told otherwise. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openCodebook } from '../access/codebook.js';
import { createApp } from './app.js';
import { DEFAULT_CACHE_MB, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SQL_TIMEOUT_MS } from './defaults.js';
import { editionTracker } from './edition.js';

export interface ServeOptions {
  readonly database: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly sqlTimeoutMs?: number;
  /** Megabytes of answers kept for the current edition; 0 keeps none. */
  readonly cacheMb?: number;
}

export interface RunningServer {
  /** Where it answers: `http://host:port`. */
  readonly url: string;
  /** Stops answering and closes the database. */
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const codebook = openCodebook(options.database, { readonly: true });
  try {
    const app = createApp({
      codebook,
      database: options.database,
      sqlTimeoutMs: options.sqlTimeoutMs ?? DEFAULT_SQL_TIMEOUT_MS,
      edition: editionTracker(codebook),
      cacheBytes: (options.cacheMb ?? DEFAULT_CACHE_MB) * 2 ** 20,
    });
    const host = options.host ?? DEFAULT_HOST;
    const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? DEFAULT_PORT });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    const shown = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${shown}:${port}`,
      close: () =>
        new Promise<void>((resolve, reject) => {
          server.close((error) => {
            codebook.close();
            if (error) reject(error);
            else resolve();
          });
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    };
  } catch (e) {
    codebook.close();
    throw e;
  }
}
