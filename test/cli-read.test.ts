/** The read commands over the data-access layer, every command's --help, and the README's coverage of them. */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../src/cli/program.js';
import { codebook, ROOT, tempDir } from './helpers.js';

let cwd: string;
beforeAll(async () => {
  cwd = tempDir();
  cpSync(join(ROOT, 'seeds'), join(cwd, 'seeds'), { recursive: true });
  expect((await codebook(['provision'], { cwd })).status).toBe(0);
});

describe('codebook search', () => {
  it('finds 20956 for "microvascular", with a snippet', async () => {
    expect(await codebook(['search', 'microvascular', '-f', 'json'], { cwd })).toMatchObject({ status: 0 });
    expect(JSON.parse((await codebook(['search', 'microvascular', '-f', 'json'], { cwd })).stdout)).toEqual([
      {
        code: '20956',
        title: 'Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
        snippet: 'CPT code 20956 denotes a surgical [microvascular] procedure in which bone graft material is harvested from…',
      },
    ]);
  });

  it('prints nothing and exits 0 when nothing matches', async () => {
    expect(await codebook(['search', 'colonoscopy'], { cwd })).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('codebook related', () => {
  it('finds 20956 as the code whose document lists 20955', async () => {
    expect((await codebook(['related', '20955', '--direction', 'in', '-f', 'csv'], { cwd })).stdout).toBe(
      'related_code,direction,descriptor,relationship,source\n' +
        '20956,in,Vascularized bone graft; includes harvest and microvascular anastomosis,Alternative ' +
        'when a nonvascularized iliac crest graft is used instead of a vascularized graft.,seeds/cpt-20956.txt:39\n',
    );
  });

  it('refuses a direction that does not exist', async () => {
    expect(await codebook(['related', '20955', '--direction', 'sideways'], { cwd })).toMatchObject({ status: 1 });
  });
});

describe('codebook unknowns', () => {
  it('lists what the seed leaves unknown, record fields first', async () => {
    expect((await codebook(['unknowns', '--code', '20956', '-f', 'csv'], { cwd })).stdout).toBe(
      [
        'code,field,reason,source,filled_from',
        '20956,diagnoses,sentinel,seeds/cpt-20956.txt:32,',
        '20956,taxonomies,sentinel,seeds/cpt-20956.txt:28,',
        '20956,modifiers[58].description,sentinel,seeds/cpt-20956.txt:25,',
        '20956,modifiers[58].whenToUse,sentinel,seeds/cpt-20956.txt:25,',
        '20956,modifiers[76].description,sentinel,seeds/cpt-20956.txt:22,',
        '20956,modifiers[76].whenToUse,sentinel,seeds/cpt-20956.txt:22,',
        '20956,modifiers[79].description,sentinel,seeds/cpt-20956.txt:24,',
        '20956,modifiers[79].whenToUse,sentinel,seeds/cpt-20956.txt:24,',
        '',
      ].join('\n'),
    );
  });
});

describe('codebook migrate', () => {
  it('says a provisioned database is up to date', async () => {
    expect(await codebook(['migrate'], { cwd })).toMatchObject({ status: 0, stdout: 'data/reference.db is up to date\n' });
  });
});

describe('every command', () => {
  const commands = createProgram().commands.map((c) => c.name());

  it('is one of the commands the README documents', async () => {
    expect(commands).toEqual([
      'provision',
      'check',
      'ingest',
      'remove',
      'migrate',
      'show',
      'search',
      'related',
      'unknowns',
      'info',
      'verify',
      'log',
      'diff',
      'query',
      'serve',
      'export',
      'schema',
    ]);
  });

  it.each(commands)('%s has --help and a README entry', async (name) => {
    const help = await codebook([name, '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(`Usage: codebook ${name}`);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(new RegExp(`\\| \`codebook ${name}[ \`]`));
  });
});
