/**
 * One document through the stages that need no database: read → parse → validate → normalize.
 * Returns its rows, or nothing when any stage found an error; the findings either way.
 */
import { canonicalCode } from '../domain/codes.js';
import { capFindings, hasErrors, inDocument, type Diagnostic, type Finding } from './diagnostics.js';
import type { DocumentSource } from './load.js';
import type { DocumentModel } from './model.js';
import { normalizeDocument, type DocumentRows } from './normalize.js';
import { parseDocument } from './parse/document.js';
import { readDocument } from './read.js';
import { validateDocument } from './validate.js';

export interface ProcessedText {
  /** The code its title line names, when it has one (canonical). */
  readonly code: string | undefined;
  /** Present when the text validates, errors elsewhere or not. */
  readonly model: DocumentModel | undefined;
  /** Present with the model. */
  readonly rows: DocumentRows | undefined;
  /** Every stage's findings, in stage order. */
  readonly findings: Finding[];
}

/** A document's text through parse → validate → normalize: pure, the stages in one call. */
export function processText(text: string, path: string): ProcessedText {
  const parsed = parseDocument(text);
  const validated = validateDocument(parsed.document);
  const code = parsed.document.title && canonicalCode(parsed.document.title.code);
  const findings = [...parsed.findings, ...validated.findings];
  if (validated.model === undefined) return { code, model: undefined, rows: undefined, findings };
  const normalized = normalizeDocument(validated.model, path);
  return { code, model: validated.model, rows: normalized.rows, findings: findings.concat(normalized.findings) };
}

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
  if ('problem' in read)
    return {
      path: read.path,
      sha256: read.sha256,
      code: undefined,
      loadable: undefined,
      diagnostics: inDocument(read.path, [read.problem]),
    };
  const { path, text, sha256, sizeBytes } = read;
  const { code, model, rows, findings } = processText(text, path);
  const all = [...read.findings, ...findings];
  const loadable =
    model === undefined || rows === undefined || hasErrors(all)
      ? undefined
      : { source: { path, sha256, sizeBytes }, rows, titleLine: model.titleLine };
  return { path, sha256, code, loadable, diagnostics: inDocument(path, capFindings(all)) };
}
