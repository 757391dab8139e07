// npm's `prepare`: builds dist/ where TypeScript is installed (a clone, `npm pack`, an install
// from a git URL, for which npm installs the devDependencies first). Where it is not — an install
// from a local path or from a folder without devDependencies — dist/ is used as built (the
// package's `files`), and only its absence is an error.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
let typescript = true;
try {
  createRequire(join(root, 'package.json')).resolve('typescript');
} catch {
  typescript = false;
}
if (typescript) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  process.exitCode = build.status ?? 1;
} else if (existsSync(join(root, 'dist', 'index.js'))) {
  console.log('codebook: TypeScript is not installed here; using the dist/ that was built');
} else {
  console.error(
    'codebook: dist/ is not built and TypeScript is not installed: run `npm install` (with devDependencies) in the package first',
  );
  process.exitCode = 1;
}
