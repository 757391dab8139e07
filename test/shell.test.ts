/**
 * Analysts open the database with the sqlite3 shell they have, often older than the SQLite
 * codebook builds with (Debian 12 ships 3.40). A shell that cannot parse one view cannot read
 * any table, so the schema keeps to what SQLite 3.40 parses.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from './helpers.js';

/** Syntax SQLite added after 3.40, which an older shell rejects in the schema. */
const NEWER_THAN_3_40 = [
  /\bconcat(_ws)?\s*\(/i,
  /\bstring_agg\s*\(/i,
  /\b(group_concat|json_group_array|json_group_object)\s*\((?:[^()]|\([^()]*\))*?\bORDER\s+BY\b/i,
];

let db: string;
beforeAll(async () => {
  db = await seedDatabase();
});

const objects = () => {
  const sqlite = new Database(db, { readonly: true });
  const rows = sqlite.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL`).all() as {
    type: string;
    name: string;
    sql: string;
  }[];
  sqlite.close();
  return rows;
};

describe('the schema', () => {
  it('uses no SQL newer than SQLite 3.40', () => {
    const newer = objects().filter(({ sql }) => NEWER_THAN_3_40.some((pattern) => pattern.test(sql)));
    expect(newer.map(({ type, name }) => `${type} ${name}`)).toEqual([]);
  });

  const shell = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  it.runIf(shell.status === 0)(
    `can be read, every table and view, by this machine's sqlite3 shell (${shell.stdout?.trim().split(' ')[0] ?? 'none'})`,
    () => {
      const names = objects()
        .filter(({ type, name }) => (type === 'table' || type === 'view') && !name.startsWith('sqlite_'))
        .map(({ name }) => name);
      const counts = names.map((name) =>
        execFileSync('sqlite3', ['-readonly', db, `SELECT count(*) FROM "${name}"`], { encoding: 'utf8' }).trim(),
      );
      expect(counts.every((n) => /^\d+$/.test(n))).toBe(true);
      expect(names).toContain('code_search_source');
    },
  );
});
