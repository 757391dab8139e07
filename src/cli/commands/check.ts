import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { check } from '../../pipeline/provision.js';
import { EXIT_REJECTED } from '../failure.js';

export async function checkCommand(paths: string[], options: { strict?: boolean; keepGoing?: boolean }): Promise<void> {
  const { documents, diagnostics, built, rejected } = await check(paths, options);
  for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const left = options.keepGoing ? `; provision --keep-going would leave out ${rejected} of them` : '';
  process.stderr.write(`${documents} documents checked: ${errors} errors, ${warnings} warnings${left}\n`);
  if (options.keepGoing) {
    if (!built) process.exitCode = 1;
    else if (rejected > 0) process.exitCode = EXIT_REJECTED;
  } else if (errors > 0 || (options.strict && warnings > 0)) {
    process.exitCode = 1;
  }
}
