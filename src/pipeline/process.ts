/**
 * One document through the stages that need no database: read → parse → validate → normalize.
 * Returns its rows, or nothing when any stage found an error; the findings either way.
 */
import { capFindings, hasErrors, inDocument, type Diagnostic } from './diagnostics.js';
import type { DocumentSource } from './load.js';
import { normalizeDocument, type DocumentRows } from './normalize.js';
import { parseDocument } from './parse.js';
import { readDocument } from './read.js';
import { validateDocument } from './validate.js';

export interface LoadableDocument {
  readonly source: DocumentSource;
  readonly rows: DocumentRows;
  readonly titleLine: number;
}

export interface ProcessedDocument {
  readonly path: string;
  /** Present when the document is fit to load. */
  readonly loadable: LoadableDocument | undefined;
  readonly diagnostics: Diagnostic[];
}

export function processDocument(file: string): ProcessedDocument {
  const read = readDocument(file);
  if ('problem' in read) return { path: read.path, loadable: undefined, diagnostics: inDocument(read.path, [read.problem]) };
  const { path, text, sha256, sizeBytes } = read;
  const parsed = parseDocument(text);
  const validated = validateDocument(parsed.document);
  const findings = [...parsed.findings, ...validated.findings];
  if (validated.model === undefined || hasErrors(findings)) {
    return { path, loadable: undefined, diagnostics: inDocument(path, capFindings(findings)) };
  }
  const normalized = normalizeDocument(validated.model, path);
  return {
    path,
    loadable: { source: { path, sha256, sizeBytes }, rows: normalized.rows, titleLine: validated.model.titleLine },
    diagnostics: inDocument(path, capFindings(findings.concat(normalized.findings))),
  };
}
