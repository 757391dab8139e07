/**
 * What one build run changes, recorded as it goes: the documents it wrote and those it removed,
 * and which document described each code it touched before it began. From this come the scope of
 * the steps that follow the loading (src/db/scope.ts) and the run's rows in `code_changes`.
 */
import { sql } from 'drizzle-orm';
import type { CodebookDatabase } from '../db/connection.js';
import type { ChangeScope } from '../db/scope.js';
import { CATALOG_NAMES } from '../domain/fields.js';
import { codeChanges, procedures, sourceDocuments, type CODE_CHANGES } from '../schema/tables.js';
import { mentionedBy, releaseCatalogSources, type Mentions } from './catalog.js';

/** The document that describes a code: its path and sha256. */
interface DocumentVersion {
  readonly path: string;
  readonly sha256: string;
}

/** What happened to a code, from what described it before a run and after: nothing, or one of CODE_CHANGES. */
export function changeOf(
  before: DocumentVersion | undefined,
  after: DocumentVersion | undefined,
): (typeof CODE_CHANGES)[number] | undefined {
  if (before === undefined) return after === undefined ? undefined : 'created';
  if (after === undefined) return 'removed';
  return before.path === after.path && before.sha256 === after.sha256 ? undefined : 'updated';
}

export class RunChanges {
  /** The documents the run loaded, and their codes. */
  readonly written: { readonly id: number; readonly code: string }[] = [];
  private readonly removedIds: number[] = [];
  /** For each code the run touched, what described it before the run (undefined: nothing did). */
  private readonly before = new Map<string, DocumentVersion | undefined>();
  private readonly removedMentions: Mentions[] = [];

  private readonly documentsById;
  private readonly documentOfCode;

  constructor(
    private readonly db: CodebookDatabase,
    readonly runId: number,
  ) {
    const ids = sql`(SELECT value FROM json_each(${sql.placeholder('ids')}))`;
    this.documentsById = db
      .select({ id: sourceDocuments.id, code: procedures.code, path: sourceDocuments.path, sha256: sourceDocuments.sha256 })
      .from(sourceDocuments)
      .innerJoin(procedures, sql`${procedures.documentId} = ${sourceDocuments.id}`)
      .where(sql`${sourceDocuments.id} IN ${ids}`)
      .prepare();
    this.documentOfCode = db
      .select({ path: sourceDocuments.path, sha256: sourceDocuments.sha256 })
      .from(procedures)
      .innerJoin(sourceDocuments, sql`${sourceDocuments.id} = ${procedures.documentId}`)
      .where(sql`${procedures.code} = ${sql.placeholder('code')}`)
      .prepare();
  }

  /**
   * Removes documents and every fact they stated (their search rows too, by trigger), remembering
   * what they described and which catalog entries they mentioned. Returns their paths and codes.
   */
  remove(documentIds: readonly number[]): { path: string; code: string }[] {
    if (documentIds.length === 0) return [];
    const ids = JSON.stringify(documentIds);
    const removed = this.documentsById.all({ ids });
    for (const { code, path, sha256 } of removed) if (!this.before.has(code)) this.before.set(code, { path, sha256 });
    this.removedMentions.push(
      mentionedBy(
        this.db,
        removed.map((r) => r.code),
      ),
    );
    releaseCatalogSources(this.db, documentIds);
    // Deleting a document cascades to every fact it contributed.
    this.db.run(sql`DELETE FROM ${sourceDocuments} WHERE ${sourceDocuments.id} IN (SELECT value FROM json_each(${ids}))`);
    this.removedIds.push(...documentIds);
    return removed.map(({ path, code }) => ({ path, code }));
  }

  /** Records a document the run loaded. Its code had no document, or the run removed the one it had first. */
  wrote(id: number, code: string): void {
    this.written.push({ id, code });
    if (!this.before.has(code)) this.before.set(code, undefined);
  }

  /** The documents, codes and catalog entries the run touched. */
  scope(): ChangeScope {
    const codes = this.written.map((w) => w.code);
    const mentions = [mentionedBy(this.db, codes), ...this.removedMentions];
    const union = (pick: (m: Mentions) => readonly string[]) => [...new Set(mentions.flatMap(pick))];
    return {
      documentIds: [...this.written.map((w) => w.id), ...this.removedIds],
      procedureCodes: codes,
      entries: Object.fromEntries(CATALOG_NAMES.map((name) => [name, union((m) => m.entries[name])])) as Record<
        (typeof CATALOG_NAMES)[number],
        string[]
      >,
      payers: union((m) => m.payers),
    };
  }

  /** Records in `code_changes` what the run did to each code it touched, in code order. */
  log(): void {
    const rows = [...this.before.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([code, before]) => {
        const after = this.documentOfCode.get({ code });
        const change = changeOf(before, after);
        const { path, sha256 } = (after ?? before)!;
        return change === undefined ? [] : [{ code, change, path, sha256 }];
      });
    const insert = this.db
      .insert(codeChanges)
      .values({
        buildRunId: this.runId,
        code: sql.placeholder('code'),
        change: sql.placeholder('change'),
        path: sql.placeholder('path'),
        sha256: sql.placeholder('sha256'),
      })
      .prepare();
    for (const row of rows) insert.run(row);
  }
}
