/** Provisioning a generated corpus, and counting what the database holds, the way the generator's expectations count it. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { writeCorpus, type Corpus, type CorpusOptions, type ExpectedCounts } from '../../corpus/generate.js';
import { provision } from '../../src/pipeline/provision.js';
import { tempDir } from '../helpers.js';

const TABLES = {
  documents: 'source_documents',
  rejectedDocuments: 'rejected_documents',
  codes: 'codes',
  modifiers: 'modifiers',
  relationships: 'code_relationships',
  diagnoses: 'diagnoses',
  taxonomies: 'taxonomies',
  payers: 'payers',
  unknownValues: 'unknown_values',
  diagnostics: 'document_diagnostics',
} as const satisfies Record<Exclude<keyof ExpectedCounts, 'warningsByRule'>, string>;

/** Provisions a written corpus; returns what the database holds, counted by SQL, and the duplicate-row messages. */
export async function provisionCorpus(corpus: CorpusOptions | Corpus) {
  const dir = tempDir();
  const expected = writeCorpus(join(dir, 'seeds'), corpus);
  const report = await provision(join(dir, 'seeds'), join(dir, 'reference.db'));
  const db = new Database(join(dir, 'reference.db'), { readonly: true });
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const counts = Object.fromEntries(Object.entries(TABLES).map(([name, table]) => [name, count(table)]));
  const warningsByRule = Object.fromEntries(
    db.prepare('SELECT rule, count(*) FROM document_diagnostics GROUP BY rule ORDER BY rule').raw().all() as [string, number][],
  );
  const duplicateMessages = db.prepare(`SELECT message FROM document_diagnostics WHERE rule = 'duplicate-row'`).pluck().all() as string[];
  db.close();
  return { expected, report, actual: { ...counts, warningsByRule }, duplicateMessages };
}
