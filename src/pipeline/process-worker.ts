/** A worker thread that runs the database-free stages (read → normalize) over batches of files. */
import { parentPort } from 'node:worker_threads';
import { processDocument } from './process.js';

export interface BatchRequest {
  readonly id: number;
  readonly files: readonly string[];
}

export type BatchReply =
  { readonly id: number; readonly documents: ReturnType<typeof processDocument>[] } | { readonly id: number; readonly error: string };

parentPort?.on('message', ({ id, files }: BatchRequest) => {
  let reply: BatchReply;
  try {
    reply = { id, documents: files.map(processDocument) };
  } catch (e) {
    reply = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort?.postMessage(reply);
});
