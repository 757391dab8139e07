/** The README's tables of tables and views agree with what the database says of itself (table_descriptions). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, seedDatabase } from '../helpers.js';

/** The rows `| \`name\` | one row per | … |` of the README's table under `heading`. */
function readmeTable(heading: string): [string, string][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lines = readme.slice(readme.indexOf(`${heading}\n`)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start, end).flatMap((line) => {
    const row = /^\| `([a-z_]+)` \| ([^|]+) \|/.exec(line);
    return row ? [[row[1]!, row[2]!.replace(/`/g, '').trim()] as [string, string]] : []; // code spans are Markdown, not text
  });
}

describe('the README', () => {
  it.each([
    ['## The tables and how they relate', 'table'],
    ['### Views for analysis', 'view'],
  ])('%s: every %s and what one row is, as table_descriptions says', async (heading, kind) => {
    const sqlite = new Database(await seedDatabase(), { readonly: true });
    const described = sqlite.prepare('SELECT name, one_row_per FROM table_descriptions WHERE kind = ? ORDER BY name').raw().all(kind);
    sqlite.close();
    expect(readmeTable(heading).sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(described);
  });
});
