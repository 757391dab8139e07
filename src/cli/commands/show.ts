import { openCodebook } from '../../access/codebook.js';
import type { CodeNarrative, CodeRecord } from '../../access/record.js';
import { escapeControlCharacters } from '../../domain/terminal.js';
import { requireDatabase } from '../database.js';
import { CliError } from '../failure.js';

const UNKNOWN = '(unknown)';

const value = (text: string | null): string => text ?? UNKNOWN;

function list<T>(title: string, items: readonly T[], unknown: boolean, line: (item: T) => string): string[] {
  if (unknown) return [`${title}: unknown`];
  if (items.length === 0) return [`${title}: none`];
  return [`${title} (${items.length}):`, ...items.map((item) => `  ${line(item)}`)];
}

/** A titled block of prose, one indented line per paragraph. */
const prose = (title: string, text: string | null): string[] => [`${title}:`, ...value(text).split(/\n+/).map((paragraph) => `  ${paragraph}`)];

/**
 * A record for a person to read: unknown values say so, and "none" is never shown for unknown.
 * Each line is escaped, so text from a document cannot drive the terminal.
 */
function renderRecord(record: CodeRecord, narrative: CodeNarrative | undefined): string {
  const unknown = new Set<string>(record.unknown);
  const lines = [
    `${record.codeSystem} ${record.code}: ${value(record.title)}`,
    `Descriptor:       ${value(record.descriptor)}`,
    `Service type:     ${value(record.serviceType)}`,
    `Sites of service: ${unknown.has('sitesOfService') ? UNKNOWN : record.sitesOfService.join('; ') || 'none'}`,
    `Payers:           ${unknown.has('payers') ? UNKNOWN : record.payers.join(', ') || 'none'}`,
    '',
    ...list('Modifiers', record.modifiers, unknown.has('modifiers'), (m) => `${m.code}  ${value(m.description)} — ${value(m.whenToUse)}`),
    ...list('Related codes', record.relatedCodes, unknown.has('relatedCodes'), (r) => `${r.code}  ${value(r.descriptor)} — ${value(r.relationship)}`),
    ...list('Diagnoses (ICD-10-CM)', record.diagnoses, unknown.has('diagnoses'), (d) => `${d.code}  ${value(d.description)} — ${value(d.clinicalRelevance)}`),
    ...list('Provider taxonomies (NUCC)', record.taxonomies, unknown.has('taxonomies'), (t) => `${t.code}  ${value(t.specialty)} — ${value(t.notes)}`),
  ];
  if (narrative) {
    const phases = new Map(narrative.workflows.map((w) => [w.phase, w.description]));
    lines.push(
      '',
      ...prose('Summary', narrative.summary),
      ...prose('Billing overview', narrative.billingOverview),
      ...prose('Clinical vignette', narrative.clinicalVignette),
      ...(['preoperative', 'intraoperative', 'postoperative'] as const).flatMap((phase) =>
        prose(`${phase[0]!.toUpperCase()}${phase.slice(1)} workflow`, phases.get(phase) ?? null),
      ),
    );
  }
  lines.push('', `Unknown: ${record.unknown.join(', ') || 'nothing'}`, ...record.sources.map((s) => `Source: ${s.path} (sha256 ${s.sha256})`));
  return `${lines.map(escapeControlCharacters).join('\n')}\n`;
}

export function showCommand(code: string, options: { db: string; json?: boolean }): void {
  const codebook = openCodebook(requireDatabase(options.db));
  try {
    const record = codebook.getCode(code);
    if (!record) {
      const listers = codebook.relatedTo(code, { direction: 'in' }).map((r) => r.relatedCode);
      const hint = listers.length > 0 ? `; it is listed as related by ${listers.join(', ')}` : '';
      throw new CliError(`no document describes code ${code.trim().toUpperCase()} in ${options.db}${hint}`);
    }
    process.stdout.write(options.json ? `${JSON.stringify(record, null, 2)}\n` : renderRecord(record, codebook.getNarrative(code)));
  } finally {
    codebook.close();
  }
}
