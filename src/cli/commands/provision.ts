import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import type { BuildCounts, BuildReport } from '../../pipeline/build.js';
import { ingest } from '../../pipeline/ingest.js';
import { provision } from '../../pipeline/provision.js';

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

function printWarnings(report: BuildReport): void {
  for (const warning of report.warnings.slice(0, SHOWN_WARNINGS)) process.stderr.write(`${formatDiagnostic(warning)}\n`);
  if (report.warnings.length > SHOWN_WARNINGS) {
    process.stderr.write(`… and ${report.warnings.length - SHOWN_WARNINGS} more warnings: see the ingest_diagnostics table\n`);
  }
}

export function provisionCommand(options: { seeds: string; db: string; strict?: boolean }): void {
  const report = provision(options.seeds, options.db, { strict: options.strict });
  printWarnings(report);
  process.stdout.write(`provisioned ${options.db} from ${options.seeds}: ${summarize(report.counts)}\n`);
}

export function ingestCommand(paths: string[], options: { db: string; strict?: boolean }): void {
  const report = ingest(paths, options.db, { strict: options.strict });
  printWarnings(report);
  const { created, updated, unchanged } = report.placements;
  process.stdout.write(`ingested into ${options.db}: ${created} created, ${updated} updated, ${unchanged} unchanged; now ${summarize(report.counts)}\n`);
}
