/** `codebook export` and `codebook schema`: the database in the formats its users read, and the record's JSON Schema. */
import { recordJsonSchema } from '../../access/record-schema.js';
import { exportDatabase, type ExportFormat } from '../../export/export.js';
import { requireDatabase } from '../database.js';
import type { CliIO } from '../io.js';
import { progressBar } from '../progress.js';

/** What the progress bar counts, by format. */
const UNITS: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'records',
  json: 'records',
  csv: 'rows',
  parquet: 'rows',
  fhir: 'records',
  datasette: 'files',
};

export async function exportCommand(
  io: CliIO,
  options: { db: string; format: ExportFormat; out: string; fhirBase?: string },
): Promise<void> {
  const progress = await progressBar(`exporting ${options.format}`, io.stderr, UNITS[options.format]);
  let manifest;
  try {
    manifest = await exportDatabase(requireDatabase(options.db), {
      format: options.format,
      out: options.out,
      fhirBase: options.fhirBase,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
  const rows = manifest.files.reduce((sum, file) => sum + (file.rows ?? 0), 0);
  const counted = manifest.files.some((file) => file.rows !== undefined) ? `, ${rows} rows` : '';
  io.stdout.write(`exported ${options.db} as ${options.format} to ${options.out}: ${manifest.files.length} files${counted}\n`);
}

export function schemaCommand(io: CliIO): void {
  io.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
}
