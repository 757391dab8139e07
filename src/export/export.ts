/**
 * `codebook export`: the database in the formats its users read — the records as NDJSON or JSON,
 * every table and view as CSV or Parquet, FHIR R4 terminology resources, a Datasette metadata
 * file — each with a `manifest.json` naming the files, their row counts, the tool version, the
 * migration and the data's edition (src/export/edition.ts). Everything streams: rows and records
 * are read one at a time and written as they come, all in one read transaction, so the export is
 * one snapshot of the database even while an ingest waits to commit. The files are written into a
 * new folder beside the target and renamed into place when all are written and on disk, so a
 * failed export leaves nothing half-written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { objectRowCount, objectRows } from '../access/bulk.js';
import { openCodebook, type Codebook } from '../access/codebook.js';
import { renameFolderDurably } from '../db/files.js';
import { configureForScanning } from '../db/sqlite.js';
import { DATABASE_METADATA, EXPORTED_OBJECTS } from '../schema/descriptions.js';
import { datasetteMetadata } from './datasette.js';
import { exportVersion, type ExportVersion } from './edition.js';
import { DEFAULT_FHIR_BASE, writeFhir } from './fhir.js';
import { records, writeRecords } from './records.js';
import { csvwMetadata, writeCsv, writeParquet } from './tables.js';
import { type ExportFormat } from './formats.js';

export { EXPORT_FORMATS, type ExportFormat } from './formats.js';

/** The folder of canned queries shipped with codebook. */
export const QUERIES_FOLDER = fileURLToPath(new URL('../../queries', import.meta.url));

export const MANIFEST_FILE = 'manifest.json';

export interface ExportedFile {
  readonly path: string;
  /** Rows of a table or view, records of the records file. */
  readonly rows?: number;
  /** The table or view a CSV or Parquet file holds, and its kind. */
  readonly table?: string;
  readonly kind?: 'table' | 'view';
  /** A CSV file's CSVW metadata file. */
  readonly metadata?: string;
  /** A FHIR file's resource type, and its concepts (CodeSystem, ValueSet) or elements (ConceptMap). */
  readonly resourceType?: string;
  readonly entries?: number;
}

export interface ExportManifest extends ExportVersion {
  readonly format: ExportFormat;
  readonly tool: 'codebook';
  readonly title: string;
  readonly licence: string;
  readonly files: readonly ExportedFile[];
}

export interface ExportOptions {
  readonly format: ExportFormat;
  /** The folder to write: absent or empty. */
  readonly out: string;
  /** The canonical base of the FHIR resources' URLs. */
  readonly fhirBase?: string;
  /** Called as the work goes: how much is done of how much. */
  readonly onProgress?: (done: number, total: number) => void;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/** Exports the database at `databasePath`; resolves to the manifest it wrote. */
export async function exportDatabase(databasePath: string, options: ExportOptions): Promise<ExportManifest> {
  if (existsSync(options.out) && readdirSync(options.out).length > 0)
    throw new ExportError(`${options.out} is not empty: export into a new or empty folder, so no file of another export is mixed in`);
  const codebook = openCodebook(databasePath);
  mkdirSync(dirname(options.out), { recursive: true });
  const staging = mkdtempSync(join(dirname(options.out), `.${basename(options.out)}.export-`));
  const sqlite = codebook.db.$client;
  configureForScanning(sqlite);
  try {
    // One read transaction: every file of the export is read from the same state of the database.
    sqlite.exec('BEGIN');
    const version = exportVersion(codebook);
    const files = writeFormat(codebook, version, databasePath, staging, options);
    sqlite.exec('COMMIT');
    const manifest: ExportManifest = {
      format: options.format,
      tool: 'codebook',
      ...version,
      title: DATABASE_METADATA.title,
      licence: DATABASE_METADATA.licence,
      files,
    };
    writeFileSync(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // An empty folder is replaced by the rename; a folder that is not is refused above.
    await renameFolderDurably(staging, options.out);
    return manifest;
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    rmSync(staging, { recursive: true, force: true });
    throw e;
  } finally {
    codebook.close();
  }
}

function progress(total: number, onProgress: ExportOptions['onProgress']): () => void {
  let done = 0;
  onProgress?.(0, total);
  return () => onProgress?.(++done, total);
}

function writeFormat(
  codebook: Codebook,
  version: ExportVersion,
  databasePath: string,
  dir: string,
  options: ExportOptions,
): ExportedFile[] {
  const sqlite = codebook.db.$client;
  const documented = (): number => codebook.info().counts.procedures;
  switch (options.format) {
    case 'ndjson':
    case 'json': {
      const path = `records.${options.format}`;
      const rows = writeRecords(join(dir, path), options.format, records(codebook), progress(documented(), options.onProgress));
      return [{ path, rows }];
    }
    case 'csv':
    case 'parquet': {
      const counts = EXPORTED_OBJECTS.map((object) => objectRowCount(sqlite, object));
      const step = progress(
        counts.reduce((a, b) => a + b, 0),
        options.onProgress,
      );
      return EXPORTED_OBJECTS.map((object) => {
        const kind = object.kind as 'table' | 'view';
        const path = `${object.name}.${options.format}`;
        if (options.format === 'parquet') {
          const metadata = { 'codebook.table': object.name, 'codebook.description': object.description };
          return {
            path,
            table: object.name,
            kind,
            rows: writeParquet(join(dir, path), object, objectRows(sqlite, object), metadata, step),
          };
        }
        const metadata = `${path}-metadata.json`;
        const rows = writeCsv(join(dir, path), object, objectRows(sqlite, object), step);
        writeFileSync(join(dir, metadata), `${JSON.stringify(csvwMetadata(path, object, DATABASE_METADATA.title), null, 2)}\n`);
        return { path, table: object.name, kind, rows, metadata };
      });
    }
    case 'fhir': {
      if (version.edition === null || version.builtAt === null)
        throw new ExportError(`${databasePath} has never been built: provision it before exporting FHIR resources`);
      const context = {
        base: (options.fhirBase ?? DEFAULT_FHIR_BASE).replace(/\/+$/, ''),
        date: version.builtAt,
        version: version.edition,
        copyright: DATABASE_METADATA.licence,
      };
      return writeFhir(dir, records(codebook), context, progress(documented(), options.onProgress));
    }
    case 'datasette': {
      const path = 'metadata.json';
      writeFileSync(join(dir, path), `${JSON.stringify(datasetteMetadata(databasePath, QUERIES_FOLDER), null, 2)}\n`);
      return [{ path }];
    }
  }
}
