/**
 * vitest's global setup: the source transpiled to JavaScript (TypeScript's transpileModule, no
 * type check: `npm run typecheck` does that), laid out as the package is — dist/, package.json,
 * migrations/ — for the tests that run codebook in processes of their own. A process then starts
 * as fast as the built CLI does, yet runs the code as it is now: the tree is made again before
 * every run, and before every rerun in watch mode, so no test reads a stale build.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { TestProject } from 'vitest/node';

const ROOT = join(import.meta.dirname, '..', '..');
/** Where the transpiled package is: inside the project, so that its imports resolve to node_modules. */
export const TRANSPILED = join(ROOT, 'node_modules', '.cache', 'codebook-test-package');

function transpile(): void {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!;
  rmSync(TRANSPILED, { recursive: true, force: true });
  for (const file of readdirSync(join(ROOT, 'src'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(ROOT, 'src', file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { ...config.options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false },
      fileName: file,
    });
    const out = join(TRANSPILED, 'dist', file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  cpSync(join(ROOT, 'package.json'), join(TRANSPILED, 'package.json'));
  symlinkSync(relative(TRANSPILED, join(ROOT, 'migrations')), join(TRANSPILED, 'migrations'));
}

let transpiled = false;

export default function setup(project: TestProject): void {
  // Each project runs the setup; the tree is made once.
  if (!transpiled) transpile();
  transpiled = true;
  project.provide('transpiledCli', join(TRANSPILED, 'dist', 'cli', 'main.js'));
  project.onTestsRerun(() => transpile());
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The CLI's entry point in the transpiled package. */
    transpiledCli: string;
  }
}
