/**
 * `codebook serve` under load: autocannon against the server (in a process of its own) for a
 * code's page, /api/codes/{code}, the search page and /api/search, each next to its floor in the
 * same run — the same server answering the same bodies as constants (bench/serve-child.ts).
 * Rounds interleave floor and route, and each figure is the median of the per-round ratios:
 * autocannon and the server share two cores, and the floor alone swings 2x between runs.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { openCodebook } from '../src/access/codebook.js';
import { ROOT } from './corpora.js';

export interface ServerFigure {
  name: string;
  /** Requests per second: the route's and its floor's, one of each per round. */
  rates: number[];
  floorRates: number[];
  /** The route's requests/s over its floor's, per round. */
  shares: number[];
  /** The share of the floor's requests/s to reach, if any. */
  target?: number;
}

/** The paths each route is measured on: a spread of documented codes and of title words. */
function samplePaths(database: string): Record<string, { paths: string[]; target?: number }> {
  const codebook = openCodebook(database);
  try {
    const codes = codebook.listCodes().map((c) => c.code);
    const sample = Array.from({ length: Math.min(50, codes.length) }, (_, i) => codes[(i * 7919) % codes.length]!);
    const words = [...new Set(sample.flatMap((c) => (codebook.getCode(c)?.title ?? '').toLowerCase().match(/[a-z]{5,}/g) ?? []))].slice(
      0,
      20,
    );
    return {
      "a code's page": { paths: sample.map((c) => `/codes/${c}`), target: 0.5 },
      '/api/codes/{code}': { paths: sample.map((c) => `/api/codes/${c}`), target: 0.5 },
      // Counts every facet over every match, as a person's first look at a word does: measured, without a target.
      'search page (facets, 50 a page)': { paths: words.map((w) => `/?q=${w}`) },
      '/api/search (20 hits)': { paths: words.map((w) => `/api/search?q=${w}`), target: 0.25 },
    };
  } finally {
    codebook.close();
  }
}

async function requestsPerSecond(port: number, paths: string[], seconds: number): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    duration: seconds,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${paths[0]}…: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

/** Measures every route against its floor: `rounds` interleaved pairs of `seconds` each, after a warm-up. */
export async function benchServer(database: string, options: { rounds: number; seconds: number }): Promise<ServerFigure[]> {
  const routes = samplePaths(database);
  const allPaths = Object.values(routes).flatMap((r) => r.paths);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const child = fork(join(ROOT, 'bench/serve-child.ts'), [database, JSON.stringify(allPaths)], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`the benchmark's server exited (${code})`)));
    });
    const floorOf = (paths: string[]) => paths.map((p) => `/floor${p}`);
    for (const { paths } of Object.values(routes)) {
      await requestsPerSecond(port, floorOf(paths), options.seconds);
      await requestsPerSecond(port, paths, options.seconds);
    }
    const figures: ServerFigure[] = Object.entries(routes).map(([name, { target }]) => ({
      name,
      rates: [],
      floorRates: [],
      shares: [],
      target,
    }));
    for (let round = 0; round < options.rounds; round++) {
      for (const figure of figures) {
        const { paths } = routes[figure.name]!;
        const floor = await requestsPerSecond(port, floorOf(paths), options.seconds);
        const rate = await requestsPerSecond(port, paths, options.seconds);
        figure.floorRates.push(floor);
        figure.rates.push(rate);
        figure.shares.push(rate / floor);
      }
    }
    return figures;
  } finally {
    if (child.connected) child.disconnect();
    child.kill();
  }
}

// `npx tsx bench/server.ts DATABASE`: these figures alone, on a database already provisioned.
if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const range = (xs: number[]) => `${Math.round(median(xs))} (${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))})`;
  for (const r of await benchServer(process.argv[2]!, { rounds: 5, seconds: 2 })) {
    const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
    const shares = `median share ${percent(median(r.shares))} (${r.shares.map(percent).join(', ')})`;
    console.log(`${r.name}: ${range(r.rates)} requests/s; floor ${range(r.floorRates)}; ${shares}`);
  }
}
