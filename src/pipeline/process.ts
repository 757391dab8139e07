/**
 * One document through the stages that need no database: read → parse → validate → normalize.
 * Returns its rows, or nothing when any stage found an error; the findings either way.
 */
import { canonicalCode } from '../domain/codes.js';
import { capFindings, hasErrors, inDocument, type Diagnostic } from './diagnostics.js';
import type { DocumentSource } from './load.js';
import { normalizeDocument, type DocumentRows } from './normalize.js';
import { parseDocument } from './parse/document.js';
import { readDocument } from './read.js';
import { validateDocument } from './validate.js';

export interface LoadableDocument {
  readonly source: DocumentSource;
  readonly rows: DocumentRows;
  readonly titleLine: number;
}

export interface ProcessedDocument {
  readonly path: string;
  /** Of the file's bytes, whether or not they are a document. */
  readonly sha256: string;
  /** The code its title line names, when it has one (canonical). */
  readonly code: string | undefined;
  /** Present when the document is fit to load. */
  readonly loadable: LoadableDocument | undefined;
  readonly diagnostics: Diagnostic[];
}

export function processDocument(file: string): ProcessedDocument {
  const read = readDocument(file);
  if ('problem' in read) return { path: read.path, sha256: read.sha256, code: undefined, loadable: undefined, diagnostics: inDocument(read.path, [read.problem]) };
  const { path, text, sha256, sizeBytes } = read;
  const parsed = parseDocument(text);
  const validated = validateDocument(parsed.document);
  const findings = [...read.findings, ...parsed.findings, ...validated.findings];
  const code = parsed.document.title && canonicalCode(parsed.document.title.code);
  if (validated.model === undefined || hasErrors(findings)) {
    return { path, sha256, code, loadable: undefined, diagnostics: inDocument(path, capFindings(findings)) };
  }
  const normalized = normalizeDocument(validated.model, path);
  return {
    path,
    sha256,
    code,
    loadable: { source: { path, sha256, sizeBytes }, rows: normalized.rows, titleLine: validated.model.titleLine },
    diagnostics: inDocument(path, capFindings(findings.concat(normalized.findings))),
  };
}
