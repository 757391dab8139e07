/** A provision killed with SIGKILL at any point leaves the previous database byte-identical. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/pipeline/provision.js';
import { CLI_COMMAND, codebook, makeDocument, ROOT, SEED_TEXT, tempDir, writeFiles } from '../helpers.js';

const LARGE_CORPUS = 4000;

function largeCorpus(dir: string): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < LARGE_CORPUS; i++) {
    const code = String(30000 + i);
    files[`cpt-${code}.txt`] = makeDocument({
      code,
      modifiers: [
        ['62', 'Two surgeons', 'When two surgeons operate.'],
        ['LT', 'Left side', 'Left.'],
      ],
      related: [[String(30000 + ((i + 1) % LARGE_CORPUS)), `Descriptor of ${30000 + ((i + 1) % LARGE_CORPUS)}`, 'Next code.']],
    });
  }
  return writeFiles(join(dir, 'large'), files);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a provision of `seeds` into `db` in a child process and SIGKILLs it once its temporary file has `bytes`. */
async function killMidway(seeds: string, db: string, bytes: number): Promise<'killed' | 'finished'> {
  const child = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'provision', '--seeds', seeds, '--db', db], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const temporary = `${db}.building-${child.pid}`;
  for (let waited = 0; waited < 60_000; waited += 5) {
    if (child.exitCode !== null) return 'finished';
    if (existsSync(temporary) && statSync(temporary).size >= bytes) {
      child.kill('SIGKILL');
      await exited;
      return 'killed';
    }
    await sleep(5);
  }
  throw new Error('the provision neither grew its temporary file nor finished');
}

describe('a provision killed mid-way', () => {
  let large: string;
  beforeAll(() => {
    large = largeCorpus(tempDir());
  });

  it.each([
    ['just after it starts', 1],
    ['while loading documents', 2_000_000],
  ])('%s leaves the previous database byte-identical, and the next run cleans up', async (_, bytes) => {
    const dir = tempDir();
    const db = join(dir, 'reference.db');
    const seeds = writeFiles(join(dir, 'seeds'), { 'cpt-20956.txt': SEED_TEXT });
    await provision(seeds, db);
    const before = readFileSync(db);

    expect(await killMidway(large, db, bytes)).toBe('killed');
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.building-'))).not.toEqual([]);

    expect((await codebook(['provision', '--seeds', seeds, '--db', db])).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['reference.db', 'reference.db.lock', 'seeds']);
    expect((await codebook(['show', '20956', '--db', db])).status).toBe(0);
  });
});
