/**
 * A finished database is read from a read-only directory (a container's read-only root, a
 * Lambda package, a read-only mount) by every client, with no option to pass: the sqlite3 shell,
 * Python's sqlite3, the data-access layer, and codebook's read commands.
 *
 * The directory is made read-only for real: a read-only bind mount in a private mount namespace
 * when this process may mount (as root, which file modes do not stop), or file modes otherwise.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/pipeline/provision.js';
import { CAN_MOUNT, CLI_COMMAND, ROOT, tempDir, TSX_COMMAND, type CliRun } from '../helpers.js';

const AS_ROOT = process.getuid?.() === 0;
const METHOD = !AS_ROOT ? 'file modes' : CAN_MOUNT ? 'a read-only bind mount' : undefined;
const HAS_SQLITE3 = spawnSync('sqlite3', ['--version']).status === 0;
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

let deployed: string;
let db: string;

beforeAll(async () => {
  const built = join(tempDir(), 'reference.db');
  await provision(join(ROOT, 'seeds'), built);
  deployed = tempDir();
  db = join(deployed, 'reference.db');
  copyFileSync(built, db);
  if (!AS_ROOT) {
    chmodSync(db, 0o444);
    chmodSync(deployed, 0o555);
  }
});

/** Runs `command` with the deployment directory read-only. */
function readOnly(command: readonly string[]): CliRun {
  const run = AS_ROOT
    ? spawnSync(
        'unshare',
        [
          '-m',
          'sh',
          '-c',
          'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"',
          'sh',
          deployed,
          ...command,
        ],
        {
          encoding: 'utf8',
          cwd: ROOT,
        },
      )
    : spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', cwd: ROOT });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.runIf(METHOD !== undefined)(`a provisioned database in a read-only directory (${METHOD ?? 'no way to make one here'})`, () => {
  it('really is read-only', () => {
    expect(readOnly(['sh', '-c', `touch "${deployed}/probe"`]).status).not.toBe(0);
  });

  it.runIf(HAS_SQLITE3)('is read by the sqlite3 shell, plainly and as an immutable URI', () => {
    expect(readOnly(['sqlite3', db, 'SELECT count(*) FROM procedure_overview'])).toMatchObject({ status: 0, stdout: '1\n', stderr: '' });
    expect(readOnly(['sqlite3', `file:${db}?immutable=1`, 'SELECT code FROM procedures'])).toMatchObject({ status: 0, stdout: '20956\n' });
  });

  it.runIf(HAS_PYTHON)("is read by Python's sqlite3, plainly and as an immutable URI", () => {
    const python = `import sqlite3, sys
for target, uri in ((sys.argv[1], False), ('file:' + sys.argv[1] + '?immutable=1', True)):
    print(sqlite3.connect(target, uri=uri).execute('SELECT code, title FROM procedures').fetchone())`;
    expect(readOnly(['python3', '-c', python, db])).toMatchObject({
      status: 0,
      stdout: "('20956', 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis')\n".repeat(2),
    });
  });

  it('is read by the data-access layer, plainly and with { immutable: true }', () => {
    const script = join(tempDir(), 'read.ts');
    writeFileSync(
      script,
      `import { openCodebook } from ${JSON.stringify(join(ROOT, 'src/index.ts'))};
for (const options of [{}, { immutable: true }]) {
  const codebook = openCodebook(process.argv[2]!, options);
  console.log(codebook.getCode('20956')?.modifiers.length, codebook.search('microvascular').map((h) => h.code).join());
  codebook.close();
}`,
    );
    expect(readOnly([...TSX_COMMAND, script, db])).toMatchObject({ status: 0, stdout: '9 20956\n9 20956\n', stderr: '' });
  });

  it('is read by codebook show and codebook query', () => {
    expect(readOnly([...CLI_COMMAND, 'show', '20956', '--db', db])).toMatchObject({ status: 0, stderr: '' });
    expect(readOnly([...CLI_COMMAND, 'query', 'SELECT count(*) AS n FROM codes', '--db', db, '-f', 'csv'])).toMatchObject({
      status: 0,
      stdout: 'n\n5\n',
      stderr: '',
    });
  });

  it('is left alone: nothing appears beside it', () => {
    expect(readdirSync(deployed)).toEqual(['reference.db']);
  });
});
