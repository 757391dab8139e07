/**
 * Every public method of the data-access layer has a JSDoc `@example` (scripts/jsdoc-examples.mjs
 * makes them a module, which npm run typecheck checks), and every example runs against the seed
 * database without throwing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCodebook } from '../src/access/codebook.js';
import { provisionedSeeds } from './helpers.js';
// @ts-expect-error: a script of the project's, in JavaScript
import { writeExamples } from '../scripts/jsdoc-examples.mjs';

writeExamples();
const { EXAMPLES } = await import('./generated/jsdoc-examples.js');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the JSDoc examples of the data-access layer', () => {
  it('document openCodebook and every method of a Codebook', async () => {
    const codebook = openCodebook(`${await provisionedSeeds()}/data/reference.db`);
    const methods = Object.keys(codebook).filter((key) => key !== 'db');
    codebook.close();
    expect(Object.keys(EXAMPLES).sort()).toEqual(['openCodebook', ...methods].sort());
  });

  it.each(Object.keys(EXAMPLES))('%s runs against the seed database', async (name) => {
    const cwd = await provisionedSeeds();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const previous = process.cwd();
    process.chdir(cwd);
    const codebook = openCodebook('data/reference.db');
    try {
      EXAMPLES[name]!(codebook);
    } finally {
      if (codebook.db.$client.open) codebook.close();
      process.chdir(previous);
    }
    expect(log.mock.calls.every((call) => !String(call[0]).includes('undefined'))).toBe(true);
  });
});
