import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { check } from '../../pipeline/provision.js';

export async function checkCommand(paths: string[], options: { strict?: boolean }): Promise<void> {
  const { documents, diagnostics } = await check(paths);
  for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  process.stderr.write(`${documents} documents checked: ${errors} errors, ${warnings} warnings\n`);
  if (errors > 0 || (options.strict && warnings > 0)) process.exitCode = 1;
}
