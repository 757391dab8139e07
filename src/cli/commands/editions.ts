/** What a database is: `codebook info` (its manifest and file header) and `codebook verify` (every check, and the manifest's truth). */
import { openCodebook } from '../../access/codebook.js';
import { verifyDatabase, VERIFIED_CHECKS } from '../../db/verify.js';
import { escapeControlCharacters } from '../../domain/terminal.js';
import { requireDatabase } from '../database.js';
import { CliError } from '../failure.js';
import type { CliIO } from '../io.js';

export function infoCommand(io: CliIO, options: { db: string; json?: boolean }): void {
  const codebook = openCodebook(requireDatabase(options.db));
  try {
    const manifest = codebook.manifest();
    if (manifest === undefined) {
      throw new CliError(
        `${options.db} has no build manifest: it was migrated from before manifests and not built since; ` +
          `\`codebook ingest\` or \`codebook provision\` writes one`,
      );
    }
    const sqlite = codebook.db.$client;
    const header = {
      applicationId: sqlite.pragma('application_id', { simple: true }) as number,
      userVersion: sqlite.pragma('user_version', { simple: true }) as number,
    };
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ path: options.db, ...manifest, ...header }, null, 2)}\n`);
      return;
    }
    const lines: [string, string | number][] = [
      ['database', options.db],
      ['edition', manifest.edition],
      ['built at', manifest.builtAt],
      ['built by', `codebook ${manifest.toolVersion} (build run ${manifest.buildRunId})`],
      ['migration', `${manifest.migration} (user_version ${header.userVersion})`],
      ['documents', manifest.documents],
      ['codes', manifest.codes],
      ['unknown values', manifest.unknownValues],
      ['rejected documents', manifest.rejectedDocuments],
    ];
    io.stdout.write(lines.map(([label, value]) => escapeControlCharacters(`${`${label}:`.padEnd(20)}${value}`)).join('\n') + '\n');
  } finally {
    codebook.close();
  }
}

export function verifyCommand(io: CliIO, options: { db: string }): void {
  const codebook = openCodebook(requireDatabase(options.db));
  try {
    verifyDatabase(codebook.db.$client);
    io.stdout.write(`${options.db}: all ${VERIFIED_CHECKS.length} checks passed\n`);
  } finally {
    codebook.close();
  }
}
