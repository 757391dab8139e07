/** Test helpers: one document's text through parse → validate → normalize, and comparing models. */
import type { Finding } from '../../src/pipeline/diagnostics.js';
import type { DocumentModel } from '../../src/pipeline/model.js';
import { normalizeDocument, type DocumentRows } from '../../src/pipeline/normalize.js';
import { parseDocument } from '../../src/pipeline/parse/document.js';
import { validateDocument } from '../../src/pipeline/validate.js';

export interface Ingested {
  readonly model: DocumentModel | undefined;
  readonly rows: DocumentRows | undefined;
  /** Every stage's findings, in stage order. */
  readonly findings: Finding[];
}

export function ingest(text: string, path = 'seeds/cpt-20956.txt'): Ingested {
  const parsed = parseDocument(text);
  const validated = validateDocument(parsed.document);
  const findings = [...parsed.findings, ...validated.findings];
  if (validated.model === undefined) return { model: undefined, rows: undefined, findings };
  const normalized = normalizeDocument(validated.model, path);
  return { model: validated.model, rows: normalized.rows, findings: [...findings, ...normalized.findings] };
}

/** Like `ingest`, for a text that must make a model. */
export function ingestModel(text: string, path?: string): { model: DocumentModel; rows: DocumentRows; findings: Finding[] } {
  const { model, rows, findings } = ingest(text, path);
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
