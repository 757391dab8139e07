import { counted } from '../../domain/wording.js';
import { failsBuild, formatDiagnostic } from '../../pipeline/diagnostics.js';
import { check } from '../../pipeline/provision.js';
import { EXIT_REJECTED } from '../failure.js';
import type { CliIO } from '../io.js';

export async function checkCommand(io: CliIO, paths: string[], options: { strict?: boolean; keepGoing?: boolean }): Promise<number> {
  const { documents, diagnostics, built, rejected } = await check(paths, options);
  for (const d of diagnostics) io.stdout.write(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const left = options.keepGoing ? `; provision --keep-going would leave out ${rejected} of them` : '';
  io.stderr.write(`${counted(documents, 'document')} checked: ${counted(errors, 'error')}, ${counted(warnings, 'warning')}${left}\n`);
  if (options.keepGoing) return !built ? 1 : rejected > 0 ? EXIT_REJECTED : 0;
  return diagnostics.some((d) => failsBuild(d, options.strict)) ? 1 : 0;
}
