/**
 * The floors the benchmark measures codebook against, in the same run, on the same input: what
 * the same work costs with nothing of codebook's in the way. Hand-written on purpose.
 */
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Finding } from '../src/pipeline/diagnostics.js';
import type { DocumentSource } from '../src/pipeline/load.js';
import type { DocumentRows } from '../src/pipeline/normalize.js';

/** Reading the files and splitting them into lines: the least any parser must do. */
export function readAndSplit(files: readonly string[]): number {
  let lines = 0;
  for (const file of files) lines += readFileSync(file, 'utf8').split('\n').length;
  return lines;
}

export interface LoadInput {
  readonly source: DocumentSource;
  readonly rows: DocumentRows;
  readonly findings: readonly Finding[];
}

/**
 * Inserts exactly the rows codebook's loader inserts, with raw better-sqlite3 prepared
 * statements and positional parameters, each catalog row once. Returns the rows inserted.
 */
export function rawInserts(sqlite: Database.Database, runId: number, documents: readonly LoadInput[]): number {
  const s = {
    document: sqlite.prepare('INSERT INTO source_documents (path, sha256, size_bytes, build_run_id) VALUES (?, ?, ?, ?)'),
    code: sqlite.prepare('INSERT OR IGNORE INTO codes (code, code_system, code_category) VALUES (?, ?, ?)'),
    modifier: sqlite.prepare('INSERT OR IGNORE INTO modifiers (code) VALUES (?)'),
    diagnosis: sqlite.prepare('INSERT OR IGNORE INTO diagnoses (code, code_dotless) VALUES (?, ?)'),
    taxonomy: sqlite.prepare('INSERT OR IGNORE INTO taxonomies (code) VALUES (?)'),
    payer: sqlite.prepare('INSERT OR IGNORE INTO payers (name) VALUES (?)'),
    procedure: sqlite.prepare(
      `INSERT INTO procedures (code, document_id, title, summary, billing_overview, service_type, clinical_vignette, stated_descriptor, stated_descriptor_line, marked_add_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    site: sqlite.prepare('INSERT INTO procedure_sites (procedure_code, document_id, position, site, line) VALUES (?, ?, ?, ?, ?)'),
    step: sqlite.prepare('INSERT INTO procedure_workflow_steps (procedure_code, document_id, phase, description) VALUES (?, ?, ?, ?)'),
    modifierUse: sqlite.prepare(
      `INSERT INTO procedure_modifiers (procedure_code, document_id, modifier_code, position, line, when_to_use, stated_description)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    relationship: sqlite.prepare(
      `INSERT INTO code_relationships (source_code, document_id, target_code, position, line, relationship, stated_descriptor, marked_add_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    diagnosisLink: sqlite.prepare(
      `INSERT INTO procedure_diagnoses (procedure_code, document_id, diagnosis_code, position, line, clinical_relevance, stated_description)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    taxonomyLink: sqlite.prepare(
      `INSERT INTO procedure_taxonomies (procedure_code, document_id, taxonomy_code, position, line, notes, stated_specialty)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    payerLink: sqlite.prepare('INSERT INTO procedure_payers (procedure_code, document_id, payer_name, position, line) VALUES (?, ?, ?, ?, ?)'),
    unknownValue: sqlite.prepare(
      'INSERT INTO unknown_values (procedure_code, document_id, scope, item_key, field, reason, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    diagnostic: sqlite.prepare('INSERT INTO document_diagnostics (document_id, line, severity, rule, message) VALUES (?, ?, ?, ?, ?)'),
  };
  const seen = new Set<string>();
  const once = (key: string, insert: () => void) => {
    if (!seen.has(key)) {
      seen.add(key);
      insert();
    }
  };
  let rows = 0;
  for (const { source, rows: r, findings } of documents) {
    const id = Number(s.document.run(source.path, source.sha256, source.sizeBytes, runId).lastInsertRowid);
    const code = r.code;
    for (const c of r.catalog.codes) once(`c${c.code}`, () => s.code.run(c.code, c.codeSystem, c.codeCategory));
    for (const m of r.catalog.modifiers) once(`m${m.code}`, () => s.modifier.run(m.code));
    for (const d of r.catalog.diagnoses) once(`d${d.code}`, () => s.diagnosis.run(d.code, d.codeDotless));
    for (const t of r.catalog.taxonomies) once(`t${t.code}`, () => s.taxonomy.run(t.code));
    for (const p of r.catalog.payers) once(`p${p.name}`, () => s.payer.run(p.name));
    const p = r.procedure;
    s.procedure.run(code, id, p.title, p.summary, p.billingOverview, p.serviceType, p.clinicalVignette, p.statedDescriptor, p.statedDescriptorLine, Number(p.markedAddOn ?? false));
    for (const x of r.sites) s.site.run(code, id, x.position, x.site, x.line);
    for (const x of r.workflowSteps) s.step.run(code, id, x.phase, x.description);
    for (const x of r.modifiers) s.modifierUse.run(code, id, x.modifierCode, x.position, x.line, x.whenToUse, x.statedDescription);
    for (const x of r.relationships) s.relationship.run(code, id, x.targetCode, x.position, x.line, x.relationship, x.statedDescriptor, Number(x.markedAddOn ?? false));
    for (const x of r.diagnoses) s.diagnosisLink.run(code, id, x.diagnosisCode, x.position, x.line, x.clinicalRelevance, x.statedDescription);
    for (const x of r.taxonomies) s.taxonomyLink.run(code, id, x.taxonomyCode, x.position, x.line, x.notes, x.statedSpecialty);
    for (const x of r.payers) s.payerLink.run(code, id, x.payerName, x.position, x.line);
    for (const x of r.unknownValues) s.unknownValue.run(code, id, x.scope, x.itemKey, x.field, x.reason, x.line);
    for (const f of findings) s.diagnostic.run(id, f.line, f.severity, f.rule, f.message);
    rows +=
      2 +
      r.sites.length +
      r.workflowSteps.length +
      r.modifiers.length +
      r.relationships.length +
      r.diagnoses.length +
      r.taxonomies.length +
      r.payers.length +
      r.unknownValues.length +
      findings.length;
  }
  return rows + seen.size;
}

/**
 * The fewest statements that fetch a whole record: one, with every list aggregated to JSON by
 * SQLite, decoded with JSON.parse and nothing else.
 */
export function rawRecordReader(sqlite: Database.Database): (code: string) => unknown {
  const statement = sqlite.prepare(`
    SELECT p.code, c.code_system, p.title, c.descriptor, p.service_type, d.path, d.sha256, cs.path AS descriptor_path, cs.sha256 AS descriptor_sha256,
      (SELECT json_group_array(site ORDER BY position) FROM procedure_sites WHERE procedure_code = p.code) AS sites,
      (SELECT json_group_array(json_array(u.modifier_code, m.description, u.when_to_use, s.path, s.sha256) ORDER BY u.position)
         FROM procedure_modifiers u JOIN modifiers m ON m.code = u.modifier_code LEFT JOIN source_documents s ON s.id = m.description_document_id
         WHERE u.procedure_code = p.code) AS modifiers,
      (SELECT json_group_array(json_array(r.target_code, t.descriptor, r.relationship, s.path, s.sha256) ORDER BY r.position)
         FROM code_relationships r JOIN codes t ON t.code = r.target_code LEFT JOIN source_documents s ON s.id = t.descriptor_document_id
         WHERE r.source_code = p.code) AS related,
      (SELECT json_group_array(json_array(l.diagnosis_code, x.description, l.clinical_relevance, s.path, s.sha256) ORDER BY l.position)
         FROM procedure_diagnoses l JOIN diagnoses x ON x.code = l.diagnosis_code LEFT JOIN source_documents s ON s.id = x.description_document_id
         WHERE l.procedure_code = p.code) AS diagnoses,
      (SELECT json_group_array(json_array(l.taxonomy_code, x.specialty, l.notes, s.path, s.sha256) ORDER BY l.position)
         FROM procedure_taxonomies l JOIN taxonomies x ON x.code = l.taxonomy_code LEFT JOIN source_documents s ON s.id = x.specialty_document_id
         WHERE l.procedure_code = p.code) AS taxonomies,
      (SELECT json_group_array(payer_name ORDER BY position) FROM procedure_payers WHERE procedure_code = p.code) AS payers,
      (SELECT json_group_array(field) FROM unknown_values WHERE procedure_code = p.code AND scope = 'record') AS unknown
    FROM procedures p JOIN codes c ON c.code = p.code JOIN source_documents d ON d.id = p.document_id
    LEFT JOIN source_documents cs ON cs.id = c.descriptor_document_id WHERE p.code = ?`);
  const lists = ['sites', 'modifiers', 'related', 'diagnoses', 'taxonomies', 'payers', 'unknown'] as const;
  return (code) => {
    const row = statement.get(code) as Record<string, unknown> | undefined;
    if (row) for (const list of lists) row[list] = JSON.parse(row[list] as string);
    return row;
  };
}

/**
 * The query floor, a script for `node -e` (argv: better-sqlite3's path, the database, the SQL):
 * the statement stepped by better-sqlite3 in one process, each row written as a JSON line, with no
 * query process, no batches and no formats in the way.
 */
export const QUERY_FLOOR_SCRIPT = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { readonly: true });
const out = [];
for (const row of db.prepare(process.argv[3]).raw(true).iterate()) {
  out.push(JSON.stringify(row));
  if (out.length === 512) { require('node:fs').writeSync(1, out.join('\\n') + '\\n'); out.length = 0; }
}
require('node:fs').writeSync(1, out.join('\\n') + '\\n');
`;
