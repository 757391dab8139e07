import { describe, expect, it, vi } from 'vitest';
import { progressBar } from '../src/cli/progress.js';

describe('progressBar', () => {
  it('stays silent when stderr is not a terminal', async () => {
    const isTTY = process.stderr.isTTY;
    process.stderr.isTTY = false;
    try {
      const progress = await progressBar('provisioning');
      expect(progress.update).toBeUndefined();
      expect(() => progress.stop()).not.toThrow();
    } finally {
      process.stderr.isTTY = isTTY;
    }
  });

  it('on a terminal, draws nothing for work that takes less than a moment', async () => {
    const isTTY = process.stderr.isTTY;
    const write = process.stderr.write;
    const written: string[] = [];
    process.stderr.isTTY = true;
    process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const progress = await progressBar('provisioning');
      progress.update?.(1, 10);
      progress.update?.(10, 10);
      progress.stop();
    } finally {
      process.stderr.isTTY = isTTY;
      process.stderr.write = write;
    }
    expect(written).toEqual([]);
  });

  it('on a terminal, draws a bar once the work has taken more than a moment, and clears it', async () => {
    const isTTY = process.stderr.isTTY;
    const write = process.stderr.write;
    const written: string[] = [];
    process.stderr.isTTY = true;
    process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const progress = await progressBar('provisioning');
      vi.advanceTimersByTime(1_000);
      progress.update?.(5, 10);
      progress.stop();
    } finally {
      vi.useRealTimers();
      process.stderr.isTTY = isTTY;
      process.stderr.write = write;
    }
    expect(written.join('')).toMatch(/provisioning \[[█░]+\] 5\/10 documents/);
  });
});
