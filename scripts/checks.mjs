// npm test's static checks, run at once (they are independent): the type check, the linter, the
// formatter's check and the migrations' check. Each one's output is printed whole, in order;
// fails when any fails.
import { spawn } from 'node:child_process';

const CHECKS = ['typecheck', 'lint', 'format:check', 'check:migrations'];

const runs = CHECKS.map(
  (script) =>
    new Promise((resolve) => {
      const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (status) => resolve({ script, status, output }));
    }),
);

let failed = 0;
for (const { script, status, output } of await Promise.all(runs)) {
  process.stdout.write(`> ${script}: ${status === 0 ? 'ok' : `failed (exit ${status})`}\n${output}`);
  if (status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
