/** What a pipeline stage says about a document: an error stops the build, a warning is recorded. */
import type { DIAGNOSTIC_SEVERITIES } from '../schema/tables.js';

export type Severity = (typeof DIAGNOSTIC_SEVERITIES)[number];

/** A finding inside one document; the stage that finds it knows the line, not the path. */
export interface Finding {
  readonly line: number | null;
  readonly severity: Severity;
  readonly rule: string;
  readonly message: string;
}

export interface Diagnostic extends Finding {
  readonly path: string;
}

export const error = (line: number | null, rule: string, message: string): Finding => ({
  line,
  severity: 'error',
  rule,
  message,
});

export const warning = (line: number | null, rule: string, message: string): Finding => ({
  line,
  severity: 'warning',
  rule,
  message,
});

export const inDocument = (path: string, findings: readonly Finding[]): Diagnostic[] =>
  findings.map((f) => ({ path, ...f }));

/** `path:line: severity: message`, the format compilers use, so editors and CI can jump to it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}${d.line === null ? '' : `:${d.line}`}: ${d.severity}: ${d.message}`;
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');

/** Quotes a source line in a message, shortened so one diagnostic stays one readable line. */
export function quote(text: string, max = 160): string {
  const flat = text.trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}
