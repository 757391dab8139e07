/** What a pipeline stage says about a document: an error stops the build, a warning is recorded. */
import { escapeControlCharacters } from '../domain/terminal.js';
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

export const inDocument = (path: string, findings: readonly Finding[]): Diagnostic[] => findings.map((f) => ({ path, ...f }));

/**
 * `path:line: severity: message`, the format compilers use, so editors and CI can jump to it;
 * one line, with any control character in a path or message escaped.
 */
export function formatDiagnostic(d: Diagnostic): string {
  return escapeControlCharacters(`${d.path}${d.line === null ? '' : `:${d.line}`}: ${d.severity}: ${d.message}`);
}

/** The most findings reported for one document; the rest are counted in one summarizing finding. */
export const MAX_FINDINGS_PER_DOCUMENT = 1000;

/**
 * `findings` if there are at most `max`; otherwise the first `max` and one finding that counts
 * the rest (an error if any of them is one), so a pathological document cannot flood a build.
 */
export function capFindings(findings: readonly Finding[], max = MAX_FINDINGS_PER_DOCUMENT): readonly Finding[] {
  if (findings.length <= max) return findings;
  const rest = findings.slice(max);
  const errors = rest.filter((f) => f.severity === 'error').length;
  const summary =
    `${rest.length} more finding(s) in this document (${errors} error(s), ${rest.length - errors} ` +
    `warning(s)) are not listed: at most ${max} are reported per document`;
  return [...findings.slice(0, max), (errors > 0 ? error : warning)(rest[0]!.line, 'too-many-findings', summary)];
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');

/** Whether a finding fails a build: an error does; with `strict` (`--strict`), a warning does too. */
export const failsBuild = (finding: Finding, strict: boolean | undefined): boolean => finding.severity === 'error' || strict === true;

/** Quotes a source line in a message, shortened so one diagnostic stays one readable line. */
export function quote(text: string, max = 160): string {
  const flat = text.trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}

/** A build that did not happen; the database was not changed. Carries every diagnostic of the attempt. */
export class BuildError extends Error {
  override name = 'BuildError';
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}
