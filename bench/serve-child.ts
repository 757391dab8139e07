/**
 * The benchmark's server (bench/server.ts forks it, so that autocannon does not share its event
 * loop): codebook's explorer on the database given, plus its floor — the same app, with the same
 * middleware (headers, ETag), answering `/floor/<path>` with the body `<path>` answered once, as a
 * constant of the same size and type; and the explorer again on a second port keeping no answers
 * (cache.ts), for what an answer costs to make. Sends both ports to the parent when they listen.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import { openCodebook } from '../src/access/codebook.js';
import { createApp } from '../src/server/app.js';
import { editionTracker } from '../src/server/edition.js';

const [database, pathsJson] = process.argv.slice(2) as [string, string];
const codebook = openCodebook(database);
const app = createApp({ codebook, database, sqlTimeoutMs: 1000, edition: editionTracker(codebook) });

const floors = new Map<string, { body: string; type: string }>();
// Routes first: Hono builds its matcher at the first request.
app.get('/floor/*', (c: Context) => {
  const url = new URL(c.req.url);
  const floor = floors.get(`${url.pathname.slice('/floor'.length)}${url.search}`);
  return floor === undefined ? c.notFound() : c.body(floor.body, 200, { 'content-type': floor.type });
});
for (const path of JSON.parse(pathsJson) as string[]) {
  const res = await app.request(path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  floors.set(path, { body: await res.text(), type: res.headers.get('content-type')! });
}

const listening = (fetch: typeof app.fetch) =>
  new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    );
  });
const keeping = await listening(app.fetch);
const making = await listening(
  createApp({ codebook, database, sqlTimeoutMs: 1000, edition: editionTracker(codebook), cacheBytes: 0 }).fetch,
);
process.send!({ port: keeping.port, uncachedPort: making.port });
process.on('disconnect', () => {
  keeping.server.close();
  making.server.close();
  codebook.close();
});
