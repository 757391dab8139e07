// Fails when the drizzle schema and the committed migrations disagree. `drizzle-kit check` only
// checks the migrations against each other, so this runs `drizzle-kit generate` against a scratch
// copy of migrations/ and fails when it would write anything new (or does not run cleanly:
// drizzle-kit can exit 0 after an error, so its "no changes" line is required); and fails when the
// migrations embedded in the code (src/db/migrations.ts) are not what migrations/ holds.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { embeddedIsCurrent } from './embed-migrations.mjs';

const root = resolve(import.meta.dirname, '..');
const scratch = join('node_modules', '.cache', 'codebook-check-migrations');
const out = join(scratch, 'migrations');
rmSync(join(root, scratch), { recursive: true, force: true });
mkdirSync(join(root, scratch), { recursive: true });
cpSync(join(root, 'migrations'), join(root, out), { recursive: true });
const config = join(scratch, 'drizzle.config.mjs');
writeFileSync(
  join(root, config),
  `export default { dialect: 'sqlite', schema: './src/schema/index.ts', out: ${JSON.stringify(`./${out}`)} };\n`,
);
const list = (dir) => readdirSync(dir, { recursive: true }).map(String).sort();
const before = list(join(root, out));
try {
  const run = spawnSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config], { cwd: root, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`;
  const added = list(join(root, out)).filter((f) => !before.includes(f));
  if (added.length > 0) {
    console.error(`migrations/ is behind src/schema: drizzle-kit generate would add ${added.join(', ')}.`);
    console.error('Run `npm run db:generate`, read the generated SQL, and commit it.');
    process.exitCode = 1;
  } else if (run.status !== 0 || !/No schema changes/.test(output)) {
    console.error(`drizzle-kit generate did not run cleanly:\n${output}`);
    process.exitCode = 1;
  } else if (!embeddedIsCurrent()) {
    console.error('src/db/migrations.ts is not what migrations/ holds: run `node scripts/embed-migrations.mjs` and commit it.');
    process.exitCode = 1;
  } else {
    console.log('migrations/ matches src/schema, and src/db/migrations.ts matches migrations/');
  }
} finally {
  rmSync(join(root, scratch), { recursive: true, force: true });
}
