import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import { provision, type BuildCounts } from '../../pipeline/provision.js';

const SHOWN_WARNINGS = 20;

export function summarize(counts: BuildCounts): string {
  return [
    `${counts.documents} documents`,
    `${counts.codes} codes`,
    `${counts.modifiers} modifiers`,
    `${counts.relationships} relationships`,
    `${counts.unavailableMarkers} unavailable markers`,
    `${counts.diagnostics} diagnostics`,
  ].join(', ');
}

export function provisionCommand(options: { seeds: string; db: string; strict?: boolean }): void {
  const report = provision(options.seeds, options.db, { strict: options.strict });
  for (const warning of report.warnings.slice(0, SHOWN_WARNINGS)) process.stderr.write(`${formatDiagnostic(warning)}\n`);
  if (report.warnings.length > SHOWN_WARNINGS) {
    process.stderr.write(`… and ${report.warnings.length - SHOWN_WARNINGS} more warnings: see the ingest_diagnostics table\n`);
  }
  process.stdout.write(`provisioned ${options.db} from ${options.seeds}: ${summarize(report.counts)}\n`);
}
