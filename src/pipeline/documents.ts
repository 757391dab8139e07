/**
 * The documents of a build, processed (read → normalize) in path order. A large corpus is
 * processed on worker threads, a few batches ahead, while the caller loads on the main thread:
 * the two stages then use two cores, and only a bounded window of documents is in memory.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { processDocument, type ProcessedDocument } from './process.js';
import type { BatchReply, BatchRequest } from './process-worker.js';

/** Below this many documents, starting a worker costs more than it saves. */
const PARALLEL_FROM = 400;
const BATCH_SIZE = 64;
const BATCHES_AHEAD_PER_WORKER = 3;

/**
 * The worker's module, when there is one beside this module: a bundled app (esbuild, Lambda) has
 * this module inside its bundle and no worker file unless it bundles one (an extra entry point,
 * `process-worker.js`, beside the bundle); without it, documents are processed on this thread.
 */
function workerModule(): URL | undefined {
  const self = import.meta.url;
  const module = new URL(self.endsWith('.ts') ? './process-worker.ts' : './process-worker.js', self);
  return module.protocol === 'file:' && existsSync(fileURLToPath(module)) ? module : undefined;
}

function startWorker(module: URL): Worker {
  if (module.pathname.endsWith('.ts')) {
    // Running from source (the tests, tsx): the worker needs tsx registered to import TypeScript.
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`, {
      eval: true,
    });
  }
  return new Worker(module);
}

/** Workers that answer batch requests, each reply matched to its request. */
function workerPool(module: URL, size: number) {
  const workers = Array.from({ length: size }, () => startWorker(module));
  const waiting = new Map<number, { resolve: (documents: ProcessedDocument[]) => void; reject: (e: Error) => void }>();
  const failAll = (e: Error) => {
    for (const { reject } of waiting.values()) reject(e);
    waiting.clear();
  };
  for (const worker of workers) {
    worker.on('message', (reply: BatchReply) => {
      const caller = waiting.get(reply.id);
      waiting.delete(reply.id);
      if ('error' in reply) caller?.reject(new Error(`processing documents failed: ${reply.error}`));
      else caller?.resolve(reply.documents);
    });
    worker.on('error', failAll);
  }
  let nextId = 0;
  return {
    run(files: readonly string[]): Promise<ProcessedDocument[]> {
      const id = nextId++;
      const request: BatchRequest = { id, files };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % workers.length]!.postMessage(request);
      });
    },
    terminate: () => Promise.all(workers.map((w) => w.terminate())),
  };
}

/** A build's documents, processed in path order; iterate it once, and close it when done. */
export interface DocumentStream extends AsyncIterable<ProcessedDocument> {
  readonly count: number;
  close(): Promise<void>;
}

/**
 * Starts processing `files` at once — on workers, for a large corpus, so parsing overlaps
 * whatever the caller does before it starts reading (opening, migrating the database).
 */
export function processDocuments(files: readonly string[]): DocumentStream {
  const module = files.length < PARALLEL_FROM ? undefined : workerModule();
  if (module === undefined) {
    return {
      count: files.length,
      async *[Symbol.asyncIterator]() {
        for (const file of files) yield processDocument(file);
      },
      close: async () => {},
    };
  }
  const workerCount = Math.max(1, Math.min(availableParallelism() - 1, 4));
  const pool = workerPool(module, workerCount);
  const pending: Promise<ProcessedDocument[]>[] = [];
  let requested = 0;
  const requestNext = () => {
    if (requested >= files.length) return;
    const batch = files.slice(requested, requested + BATCH_SIZE);
    requested += batch.length;
    const reply = pool.run(batch);
    reply.catch(() => {}); // a failure is rethrown where the batch is awaited, in order
    pending.push(reply);
  };
  for (let i = 0; i < BATCHES_AHEAD_PER_WORKER * workerCount; i++) requestNext();
  return {
    count: files.length,
    async *[Symbol.asyncIterator]() {
      while (pending.length > 0) {
        const documents = await pending.shift()!;
        requestNext();
        yield* documents;
      }
    },
    close: async () => {
      await pool.terminate();
    },
  };
}
