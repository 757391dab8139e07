/** Test helpers over `processText` (a document's text through parse → validate → normalize): models, and comparing them. */
import type { Finding } from '../../src/pipeline/diagnostics.js';
import type { DocumentModel } from '../../src/pipeline/model.js';
import type { DocumentRows } from '../../src/pipeline/normalize.js';
import { processText } from '../../src/pipeline/process.js';

/** `processText` of a text that must make a model, under the seed's path unless given. */
export function modelOf(text: string, path = 'seeds/cpt-20956.txt'): { model: DocumentModel; rows: DocumentRows; findings: Finding[] } {
  const { model, rows, findings } = processText(text, path);
  if (model === undefined || rows === undefined) throw new Error(`the test document does not validate: ${JSON.stringify(findings)}`);
  return { model, rows, findings };
}

const LOCATION_KEYS = new Set(['line', 'titleLine', 'source', 'statedDescriptorLine']);

/** A value with every line number and source text left out: what a document says, not where. */
export function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !LOCATION_KEYS.has(key))
      .map(([key, inner]) => [key, withoutLocations(inner)]),
  );
}

export const rulesOf = (findings: readonly Finding[]): string[] => findings.map((f) => f.rule);
