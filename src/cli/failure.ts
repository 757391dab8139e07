/**
 * How the CLI fails: a clear message on stderr, diagnostics as `path:line: severity: message`,
 * exit 1. A `--keep-going` build that built, but left documents out, exits EXIT_REJECTED.
 */
import { escapeControlCharacters } from '../domain/terminal.js';
import { formatDiagnostic, type Diagnostic } from '../pipeline/diagnostics.js';
import type { CliIO } from './io.js';

/** Exit status of a `--keep-going` build that built the database but left out documents with errors. */
export const EXIT_REJECTED = 3;

/** A failure the user can act on: the message is all they need to see. */
export class CliError extends Error {
  override name = 'CliError';
}

/** Writes a failure to stderr, its diagnostics first; returns the exit status it calls for. */
export function reportFailure(e: unknown, io: CliIO): number {
  const diagnostics = (e as { diagnostics?: readonly Diagnostic[] }).diagnostics ?? [];
  for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const message = e instanceof Error ? e.message : String(e);
  io.stderr.write(`codebook: error: ${escapeControlCharacters(message)}\n`);
  return (e as { exitCode?: number }).exitCode ?? 1;
}
