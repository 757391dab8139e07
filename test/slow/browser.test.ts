/**
 * `codebook serve` as a person uses it, in a real headless browser: Debian's chromium
 * (/usr/bin/chromium, which .ci/run installs) driven by playwright-core, against the server
 * started by the command line in a process of its own. Search, open a code, follow a related
 * link each way, open a catalog page, run a query, hit the time limit; and a screenshot of the
 * code page (CODEBOOK_UPDATE_SCREENSHOT=1 writes it to docs/ for the README).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_COMMAND, codebook, makeDocument, ROOT, SEED_TEXT, tempDir, writeFiles } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'];

let server: ChildProcess;
let base: string;
let browser: Browser;
let page: Page;
let cwd: string;

/** Starts `codebook serve` on any free port; resolves with the address it prints. */
function startServe(dir: string): Promise<string> {
  server = spawn(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), 'serve', '--port', '0', '--sql-timeout', '1'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout!.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      const found = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (found) resolve(found[1]!);
    });
    server.stderr!.setEncoding('utf8').on('data', (text: string) => (out += text));
    server.once('exit', (code) => reject(new Error(`codebook serve exited (${code}): ${out}`)));
  });
}

beforeAll(async () => {
  cwd = tempDir();
  writeFiles(join(cwd, 'seeds'), {
    'cpt-20956.txt': SEED_TEXT,
    'cpt-20955.txt': makeDocument({ code: '20955', title: 'Nonvascularized Bone Graft', summary: 'A bone graft without its vessels.' }),
    'cpt-11111.txt': makeDocument({
      code: '11111',
      title: 'Plain Procedure',
      modifiers: [['59', 'Distinct procedural service', 'When the procedure is separate.']],
      related: [['20956', 'Vascularized bone graft; includes harvest and microvascular anastomosis', 'The vascularized alternative.']],
    }),
  });
  expect((await codebook(['provision'], { cwd })).status).toBe(0);
  base = await startServe(cwd);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    // Ctrl-C or SIGTERM: it closes the server and the database, and exits 0.
    expect(await exited).toBe(0);
  }
});

const heading = () => page.locator('h1').first().innerText();

/** Clicks `selector` and waits for the page it leads to. */
async function follow(selector: string, path: string): Promise<void> {
  await Promise.all([page.waitForURL(`${base}${path}`), page.locator(selector).first().click()]);
}

describe('the explorer in a browser', () => {
  it('searches, opens a code, follows related links each way, and opens a catalog page', async () => {
    await page.goto(`${base}/`);
    expect(await heading()).toBe('3 codes');
    await page.fill('header input[name="q"]', 'graft');
    await Promise.all([page.waitForURL(`${base}/?q=graft`), page.press('header input[name="q"]', 'Enter')]);
    expect(await heading()).toBe('2 codes matching “graft”');

    await follow('#results a[href="/codes/20956"]', '/codes/20956');
    expect(await heading()).toBe('CPT 20956: Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis');
    // Unknown is shown as unknown, with why and where.
    expect(await page.locator('[data-field="diagnoses"]').innerText()).toBe('unknown: sentinel seeds/cpt-20956.txt:32');

    // Out: a code 20956's document lists.
    await follow('table[data-direction="out"] a[href="/codes/20955"]', '/codes/20955');
    expect(await heading()).toBe('CPT 20955: Nonvascularized Bone Graft');
    // In: back to the document that lists it.
    await follow('table[data-direction="in"] a[href="/codes/20956"]', '/codes/20956');
    await follow('table[data-direction="in"] a[href="/codes/11111"]', '/codes/11111');
    expect(await heading()).toBe('CPT 11111: Plain Procedure');

    await follow('a[href="/modifiers/59"]', '/modifiers/59');
    expect(await heading()).toBe('Modifier 59');
    expect(await page.locator('#uses tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^11111\s+When the procedure is separate\.\s+seeds\/cpt-11111\.txt:\d+$/),
    ]);
  });

  it('runs a query on the SQL page', async () => {
    await page.goto(`${base}/sql`);
    await page.fill('textarea[name="sql"]', 'SELECT code, title FROM procedures ORDER BY code');
    await Promise.all([page.waitForURL(/\/sql\?sql=/), page.click('#run')]);
    expect(await page.locator('#query-summary').innerText()).toMatch(/^3 rows · download CSV JSON$/);
    expect(await page.locator('#query-result tbody tr td:first-child').allInnerTexts()).toEqual(['11111', '20955', '20956']);
  });

  it('stops a query at the time limit and says so', async () => {
    await page.goto(`${base}/sql`);
    await page.fill('textarea[name="sql"]', 'WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r');
    await Promise.all([page.waitForURL(/\/sql\?sql=/), page.click('#run')]);
    expect(await page.locator('#query-error').innerText()).toBe(
      'the query ran for its time limit of 1 s and was stopped (set by codebook serve --sql-timeout SECONDS)',
    );
  });

  it("saves a screenshot of a code's page", async () => {
    await page.goto(`${base}/codes/20956`);
    const path = join(tempDir(), 'code-page.png');
    await page.screenshot({ path, fullPage: false });
    const png = readFileSync(path);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The image's width and height, from its IHDR chunk: the viewport.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 900]);
    if (process.env.CODEBOOK_UPDATE_SCREENSHOT === '1') copyFileSync(path, join(ROOT, 'docs', 'screenshot-code-page.png'));
  });
});
