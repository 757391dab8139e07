/** The commands that build a database from documents: provision (full rebuild) and ingest (add or update). */
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import type { BuildCounts, BuildOptions, BuildReport } from '../../pipeline/build.js';
import { ingest } from '../../pipeline/ingest.js';
import { provision } from '../../pipeline/provision.js';
import { progressBar } from '../progress.js';
import { writerOptions } from '../writer.js';

const SHOWN_WARNINGS = 20;

function summarize(counts: BuildCounts): string {
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

/** Runs a build with a progress bar when one is worth showing. */
async function withProgress(what: string, run: (onProgress: BuildOptions['onProgress']) => Promise<BuildReport>): Promise<BuildReport> {
  const progress = await progressBar(what);
  try {
    return await run(progress.update);
  } finally {
    progress.stop();
  }
}

export async function provisionCommand(options: { seeds: string; db: string; strict?: boolean; force?: boolean; wait: number }): Promise<void> {
  const report = await withProgress('provisioning', (onProgress) =>
    provision(options.seeds, options.db, { strict: options.strict, force: options.force, onProgress, ...writerOptions(options) }),
  );
  printWarnings(report);
  process.stdout.write(`provisioned ${options.db} from ${options.seeds}: ${summarize(report.counts)}\n`);
}

export async function ingestCommand(paths: string[], options: { db: string; strict?: boolean; wait: number }): Promise<void> {
  const report = await withProgress('ingesting', (onProgress) => ingest(paths, options.db, { strict: options.strict, onProgress, ...writerOptions(options) }));
  printWarnings(report);
  const { created, updated, unchanged } = report.placements;
  process.stdout.write(`ingested into ${options.db}: ${created} created, ${updated} updated, ${unchanged} unchanged; now ${summarize(report.counts)}\n`);
}
