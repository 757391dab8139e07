/**
 * `codebook export` as a command: one snapshot of the database, a folder that appears whole or not
 * at all, the command line's messages, and the Datasette metadata.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCodebook } from '../../src/access/codebook.js';
import { currentEdition } from '../../src/access/editions.js';
import { exportDatabase } from '../../src/export/export.js';
import { databaseEdition } from '../../src/server/edition.js';
import { DATABASE_METADATA } from '../../src/schema/descriptions.js';
import { codebook, manifestOf, tempDir } from '../helpers.js';
import { DATABASES, recordsOf } from './databases.js';

describe('codebook export', () => {
  it('reads one snapshot: a writer cannot commit while the export runs, and the export holds the rows from before', async () => {
    const db = join(tempDir(), 'reference.db');
    copyFileSync(await DATABASES.corpus(), db);
    const before = recordsOf(db);
    const out = join(tempDir(), 'out');
    const commits: string[] = [];
    await exportDatabase(db, {
      format: 'ndjson',
      out,
      onProgress: (done) => {
        if (done !== 1) return;
        const writer = new Database(db);
        writer.pragma('busy_timeout = 0');
        writer.exec('BEGIN IMMEDIATE');
        writer.prepare('UPDATE procedures SET title = ? WHERE code = ?').run('Changed while exported', before.at(-1)!.code);
        try {
          writer.exec('COMMIT');
          commits.push('committed');
        } catch (e) {
          commits.push((e as { code: string }).code);
          writer.exec('ROLLBACK');
        }
        writer.close();
      },
    });
    expect(commits).toEqual(['SQLITE_BUSY']);
    const lines = readFileSync(join(out, 'records.ndjson'), 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(before);
  });

  it('writes into a new or empty folder only, and a failed export leaves no folder and no staging folder behind', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'full'));
    writeFileSync(join(parent, 'full', 'mine.txt'), 'keep me');
    const refused = await codebook(['export', '--format', 'csv', '--out', join(parent, 'full'), '--db', await DATABASES.seed()]);
    expect(refused).toMatchObject({
      status: 1,
      stderr:
        `codebook: error: ${join(parent, 'full')} is not empty: ` +
        'export into a new or empty folder, so no file of another export is mixed in\n',
    });
    expect(readdirSync(join(parent, 'full'))).toEqual(['mine.txt']);

    const notCodebook = join(parent, 'other.db');
    new Database(notCodebook).exec('CREATE TABLE t (x)');
    const failed = await codebook(['export', '--format', 'csv', '--out', join(parent, 'out'), '--db', notCodebook]);
    expect(failed.status).toBe(1);
    expect(readdirSync(parent).sort()).toEqual(['full', 'other.db']);
  });

  it("names the database's edition, the one codebook serve keys its pages by; without a manifest, its latest build run", async () => {
    const db = join(tempDir(), 'reference.db');
    copyFileSync(await DATABASES.seed(), db);
    const editionOf = async (db: string) => {
      const { edition, builtAt } = await exportDatabase(db, { format: 'ndjson', out: join(tempDir(), 'out') });
      const reader = openCodebook(db);
      try {
        return { edition, builtAt, current: currentEdition(reader), etagKey: databaseEdition(reader) };
      } finally {
        reader.close();
      }
    };
    const built = manifestOf(db)!;
    const withManifest = await editionOf(db);
    expect(withManifest).toEqual({
      edition: built.edition,
      builtAt: built.builtAt,
      current: { id: built.edition, builtAt: built.builtAt },
      etagKey: expect.any(String),
    });

    // As a database migrated from before manifests (0006) and not built since is.
    const sqlite = new Database(db);
    sqlite.exec('DELETE FROM build_manifest');
    const run = sqlite.prepare('SELECT id, started_at AS startedAt FROM build_runs ORDER BY id DESC LIMIT 1').get() as {
      id: number;
      startedAt: string;
    };
    sqlite.close();
    const withoutManifest = await editionOf(db);
    expect(withoutManifest).toEqual({
      edition: `build-run-${run.id}@${run.startedAt}`,
      builtAt: run.startedAt,
      current: { id: `build-run-${run.id}@${run.startedAt}`, builtAt: run.startedAt },
      etagKey: expect.any(String),
    });
    expect(withoutManifest.etagKey).not.toBe(withManifest.etagKey);
  });

  it('refuses to date FHIR resources by a build that never ran, and leaves nothing', async () => {
    const parent = tempDir();
    const db = join(parent, 'unbuilt.db');
    new Database(db).close();
    expect(await codebook(['migrate', '--db', db])).toMatchObject({ status: 0 });
    const files = readdirSync(parent);
    expect(await codebook(['export', '--format', 'fhir', '--out', join(parent, 'out'), '--db', db])).toMatchObject({
      status: 1,
      stderr: `codebook: error: ${db} has never been built: provision it before exporting FHIR resources\n`,
    });
    expect(readdirSync(parent)).toEqual(files);
    // The other formats say so in their manifest.
    const { edition, builtAt } = await exportDatabase(db, { format: 'csv', out: join(parent, 'out') });
    expect({ edition, builtAt }).toEqual({ edition: null, builtAt: null });
  });

  it('reports its progress from 0 to the total: records for records and FHIR, rows for tables and views', async () => {
    const db = await DATABASES.seed();
    const calls = async (format: 'ndjson' | 'csv' | 'fhir') => {
      const seen: [number, number][] = [];
      const manifest = await exportDatabase(db, {
        format,
        out: join(tempDir(), 'out'),
        onProgress: (done, total) => seen.push([done, total]),
      });
      return { seen, rows: manifest.files.reduce((sum, file) => sum + (file.rows ?? 0), 0) };
    };
    expect((await calls('ndjson')).seen).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect((await calls('fhir')).seen).toEqual([
      [0, 1],
      [1, 1],
    ]);
    const csv = await calls('csv');
    expect(csv.seen).toEqual(Array.from({ length: csv.rows + 1 }, (_, i) => [i, csv.rows]));
  });

  it('says what it wrote', async () => {
    const out = join(tempDir(), 'out');
    const db = await DATABASES.seed();
    expect(await codebook(['export', '--format', 'ndjson', '--out', out, '--db', db])).toMatchObject({
      status: 0,
      stdout: `exported ${db} as ndjson to ${out}: 1 files, 1 rows\n`,
    });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'records.ndjson']);
  });
});

describe('codebook export --format datasette', () => {
  it("writes Datasette's metadata.json: title, licence, every table's and column's description, search, canned queries", async () => {
    const db = await DATABASES.seed();
    const out = join(tempDir(), 'out');
    expect((await codebook(['export', '--format', 'datasette', '--out', out, '--db', db])).status).toBe(0);
    const metadata = JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8')) as {
      title: string;
      databases: Record<
        string,
        {
          tables: Record<string, { description?: string; columns?: Record<string, string>; fts_table?: string; hidden?: boolean }>;
          queries: Record<string, { sql: string }>;
        }
      >;
    };
    expect(metadata.title).toBe(DATABASE_METADATA.title);
    const { tables, queries } = metadata.databases['reference']!;
    const sqlite = new Database(db, { readonly: true });
    const described = sqlite.prepare('SELECT name, one_row_per, description FROM table_descriptions ORDER BY name').all() as {
      name: string;
      one_row_per: string;
      description: string;
    }[];
    const columns = sqlite
      .prepare('SELECT table_name, column_name, description FROM column_descriptions ORDER BY table_name, position')
      .all() as {
      table_name: string;
      column_name: string;
      description: string;
    }[];
    sqlite.close();
    expect(Object.keys(tables).sort()).toEqual([...described.map((d) => d.name), '__drizzle_migrations'].sort());
    for (const { name, one_row_per, description } of described) {
      expect(tables[name]!.description).toBe(`One row per ${one_row_per}. ${description}`);
      expect(tables[name]!.columns).toEqual(
        Object.fromEntries(columns.filter((c) => c.table_name === name).map((c) => [c.column_name, c.description])),
      );
    }
    expect(tables['__drizzle_migrations']).toEqual({ hidden: true });
    expect(
      Object.entries(tables)
        .filter(([, t]) => t.fts_table !== undefined)
        .map(([n, t]) => [n, t.fts_table]),
    ).toEqual([
      ['procedures', 'code_search'],
      ['code_search_source', 'code_search'],
    ]);
    expect(Object.keys(queries)).toEqual(
      readdirSync('queries')
        .map((file) => file.replace(/\.sql$/, ''))
        .sort(),
    );
    for (const [name, query] of Object.entries(queries))
      expect(query.sql).toBe(readFileSync(join('queries', `${name}.sql`), 'utf8').trim());
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
