/** The databases the export tests read: the seed's, and a generated corpus's (made once per test process). */
import { join } from 'node:path';
import { writeCorpus } from '../../corpus/generate.js';
import { openCodebook } from '../../src/access/codebook.js';
import type { CodeRecord } from '../../src/access/record.js';
import { exportDatabase, type ExportFormat, type ExportManifest } from '../../src/export/export.js';
import { provision } from '../../src/pipeline/provision.js';
import { seedDatabase, tempDir } from '../helpers.js';

/** Documents in the generated corpus: every code form, style and unknown appears in this many (corpus/). */
export const CORPUS_DOCUMENTS = 80;

let corpus: Promise<string> | undefined;

/** A generated corpus of CORPUS_DOCUMENTS documents, provisioned: its database path. */
export function corpusDatabase(): Promise<string> {
  corpus ??= (async () => {
    const dir = tempDir();
    writeCorpus(join(dir, 'seeds'), { seed: 1313, count: CORPUS_DOCUMENTS });
    const db = join(dir, 'reference.db');
    await provision(join(dir, 'seeds'), db, { keepGoing: true });
    return db;
  })();
  return corpus;
}

export const DATABASES = { seed: seedDatabase, corpus: corpusDatabase } as const;

/** Exports `db` as `format` into a new folder; the folder and the manifest. */
export async function exported(db: string, format: ExportFormat, fhirBase?: string): Promise<{ dir: string; manifest: ExportManifest }> {
  const dir = join(tempDir(), 'out');
  return { dir, manifest: await exportDatabase(db, { format, out: dir, fhirBase }) };
}

/** Every documented code's record, read by the data-access layer, in code order. */
export function recordsOf(db: string): CodeRecord[] {
  const reader = openCodebook(db);
  try {
    const codes = reader.db.$client.prepare('SELECT code FROM procedures ORDER BY code').pluck().all() as string[];
    return codes.map((code) => reader.getCode(code)!);
  } finally {
    reader.close();
  }
}
