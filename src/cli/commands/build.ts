/**
 * The commands that build a database from documents: provision (full rebuild), ingest (add,
 * update, prune) and remove. Each imports its pipeline when it runs: an ingest that finds nothing
 * changed, and a removal, never load the parser.
 */
import { counted } from '../../domain/wording.js';
import { formatDiagnostic } from '../../pipeline/diagnostics.js';
import type { BuildCounts, BuildOptions, BuildReport } from '../../pipeline/build.js';
import { EXIT_REJECTED } from '../failure.js';
import type { CliIO } from '../io.js';
import { progressBar } from '../progress.js';
import { writerOptions } from '../writer.js';

const SHOWN_WARNINGS = 20;

function summarize(counts: BuildCounts): string {
  return [
    counted(counts.documents, 'document'),
    counted(counts.codes, 'code'),
    counted(counts.modifiers, 'modifier'),
    counted(counts.relationships, 'relationship'),
    counted(counts.unknownValues, 'unknown value'),
    counted(counts.diagnostics, 'diagnostic'),
    ...(counts.rejectedDocuments > 0 ? [counted(counts.rejectedDocuments, 'rejected document')] : []),
  ].join(', ');
}

/**
 * The documents a `--keep-going` build left out: each one's diagnostics, then one line each; the
 * exit status says the database was built without them.
 */
function reportRejected(io: CliIO, report: BuildReport): number {
  if (report.rejected.length === 0) return 0;
  for (const { diagnostics } of report.rejected) for (const d of diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  io.stderr.write(
    `${counted(report.rejected.length, 'document')} rejected and left out (see \`codebook unknowns\` and the rejected_documents table):\n`,
  );
  for (const { path, diagnostics } of report.rejected) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`  ${path}: ${counted(errors, 'error')}\n`);
  }
  return EXIT_REJECTED;
}

function printWarnings(io: CliIO, report: BuildReport): void {
  for (const warning of report.warnings.slice(0, SHOWN_WARNINGS)) io.stderr.write(`${formatDiagnostic(warning)}\n`);
  if (report.warnings.length > SHOWN_WARNINGS) {
    io.stderr.write(`… and ${report.warnings.length - SHOWN_WARNINGS} more warnings: see the document_diagnostics table\n`);
  }
}

/** Runs a build with a progress bar when one is worth showing. */
async function withProgress(
  io: CliIO,
  what: string,
  run: (onProgress: BuildOptions['onProgress']) => Promise<BuildReport>,
): Promise<BuildReport> {
  const progress = await progressBar(what, io.stderr);
  try {
    return await run(progress.update);
  } finally {
    progress.stop();
  }
}

interface BuildCommandOptions {
  readonly db: string;
  readonly strict?: boolean;
  readonly keepGoing?: boolean;
  readonly wait: number;
}

export async function provisionCommand(io: CliIO, options: BuildCommandOptions & { seeds: string; force?: boolean }): Promise<number> {
  const { strict, keepGoing, force } = options;
  const { provision } = await import('../../pipeline/provision.js');
  const report = await withProgress(io, 'provisioning', (onProgress) =>
    provision(options.seeds, options.db, { strict, keepGoing, force, onProgress, ...writerOptions(io, options) }),
  );
  printWarnings(io, report);
  const status = reportRejected(io, report);
  io.stdout.write(`provisioned ${options.db} from ${options.seeds}: ${summarize(report.counts)}\n`);
  return status;
}

export async function ingestCommand(io: CliIO, paths: string[], options: BuildCommandOptions & { prune?: boolean }): Promise<number> {
  const { strict, keepGoing, prune } = options;
  const { ingest } = await import('../../pipeline/ingest.js');
  const report = await withProgress(io, 'ingesting', (onProgress) =>
    ingest(paths, options.db, { strict, keepGoing, prune, onProgress, ...writerOptions(io, options) }),
  );
  printWarnings(io, report);
  const status = reportRejected(io, report);
  const { created, updated, unchanged } = report.placements;
  const removed = prune ? `, ${report.removed.length} removed` : '';
  io.stdout.write(
    `ingested into ${options.db}: ${created} created, ${updated} updated, ${unchanged} unchanged${removed}; ` +
      `now ${summarize(report.counts)}\n`,
  );
  return status;
}

export async function removeCommand(io: CliIO, names: string[], options: Pick<BuildCommandOptions, 'db' | 'wait'>): Promise<number> {
  const { remove } = await import('../../pipeline/remove.js');
  const report = await remove(names, options.db, writerOptions(io, options));
  for (const { path, code } of report.removed) io.stdout.write(`removed ${code} (${path})\n`);
  io.stdout.write(`removed ${counted(report.removed.length, 'document')} from ${options.db}; now ${summarize(report.counts)}\n`);
  return 0;
}
