import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTextFile } from '../../src/export/text-file.js';
import { tempDir } from '../helpers.js';

describe('createTextFile', () => {
  it('writes every text in order as UTF-8, across chunk boundaries, texts larger than a chunk and multi-byte characters included', () => {
    const path = join(tempDir(), 'out.txt');
    const texts = [
      'a',
      'é'.repeat(100_000),
      '—',
      'x'.repeat(300_000),
      '🦴'.repeat(50_000),
      ...Array.from({ length: 5000 }, (_, i) => `${i},"é"\r\n`),
    ];
    const file = createTextFile(path);
    for (const text of texts) file.write(text);
    file.close();
    expect(readFileSync(path, 'utf8')).toBe(texts.join(''));
  });

  it('an empty file when nothing is written', () => {
    const path = join(tempDir(), 'empty.txt');
    createTextFile(path).close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
