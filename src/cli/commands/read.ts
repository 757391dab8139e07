/** The read commands over the data-access layer: search, related, unknowns. */
import { openCodebook, type Codebook } from '../../access/codebook.js';
import { unknownValueName } from '../../access/lookups.js';
import type { SearchMode } from '../../domain/search.js';
import type { RelationDirection } from '../../domain/relations.js';
import { counted } from '../../domain/wording.js';
import { requireDatabase } from '../database.js';
import { formatObjects } from '../../access/format.js';
import type { CliIO } from '../io.js';
import type { OutputFormat } from '../../access/output-formats.js';

function withCodebook(io: CliIO, path: string, read: (codebook: Codebook) => Record<string, unknown>[], format: OutputFormat): void {
  const codebook = openCodebook(requireDatabase(path));
  try {
    io.stdout.write(formatObjects(read(codebook), format));
  } finally {
    codebook.close();
  }
}

export function searchCommand(
  io: CliIO,
  text: string,
  options: { db: string; limit: number; mode: SearchMode; format: OutputFormat },
): void {
  withCodebook(
    io,
    options.db,
    (codebook) =>
      codebook.search(text, { limit: options.limit, mode: options.mode }).map(({ code, title, snippet }) => ({ code, title, snippet })),
    options.format,
  );
}

export function relatedCommand(io: CliIO, code: string, options: { db: string; direction: RelationDirection; format: OutputFormat }): void {
  withCodebook(
    io,
    options.db,
    (codebook) =>
      codebook.relatedTo(code, { direction: options.direction }).map((r) => ({
        related_code: r.relatedCode,
        direction: r.direction,
        descriptor: r.relatedDescriptor,
        relationship: r.relationship,
        source: `${r.sourcePath}:${r.line}`,
      })),
    options.format,
  );
}

/**
 * What is unknown: first each document a `--keep-going` build left out (all of its facts are
 * missing), then each value the loaded documents leave unknown.
 */
export function unknownsCommand(io: CliIO, options: { db: string; code?: string; format: OutputFormat }): void {
  withCodebook(
    io,
    options.db,
    (codebook) => [
      ...codebook.rejectedDocuments({ code: options.code }).map((r) => ({
        code: r.code,
        field: '(document)',
        reason: `rejected: ${counted(r.errorCount, 'error')}, the first: ${r.firstError}`,
        source: r.firstErrorLine === null ? r.path : `${r.path}:${r.firstErrorLine}`,
        filled_from: null,
      })),
      ...codebook.unknownValues({ code: options.code }).map((value) => ({
        code: value.procedureCode,
        field: unknownValueName(value),
        reason: value.reason,
        source: value.line === null ? value.sourcePath : `${value.sourcePath}:${value.line}`,
        filled_from: value.filledFrom,
      })),
    ],
    options.format,
  );
}

/** What each build run changed (of one code, if given), newest run first: when a code last changed, and from which document. */
export function logCommand(io: CliIO, code: string | undefined, options: { db: string; format: OutputFormat }): void {
  withCodebook(
    io,
    options.db,
    (codebook) =>
      codebook.changeLog({ code }).map((row) => ({
        run: row.buildRunId,
        kind: row.kind,
        started_at: row.startedAt,
        code: row.code,
        change: row.change,
        path: row.path,
        sha256: row.sha256,
      })),
    options.format,
  );
}
