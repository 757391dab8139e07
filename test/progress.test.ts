import { describe, expect, it, vi } from 'vitest';
import { progressBar } from '../src/cli/progress.js';
import { CapturedOutput } from './helpers.js';

describe('progressBar', () => {
  it('stays silent when stderr is not a terminal', async () => {
    const stderr = new CapturedOutput(false);
    const progress = await progressBar('provisioning', stderr);
    expect(progress.update).toBeUndefined();
    expect(() => progress.stop()).not.toThrow();
    expect(stderr.text).toBe('');
  });

  it('on a terminal, draws nothing for work that takes less than a moment', async () => {
    const stderr = new CapturedOutput(true);
    const progress = await progressBar('provisioning', stderr);
    progress.update?.(1, 10);
    progress.update?.(10, 10);
    progress.stop();
    expect(stderr.text).toBe('');
  });

  it('on a terminal, draws a bar once the work has taken more than a moment, and clears it', async () => {
    const stderr = new CapturedOutput(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const progress = await progressBar('provisioning', stderr);
      vi.advanceTimersByTime(1_000);
      progress.update?.(5, 10);
      progress.stop();
    } finally {
      vi.useRealTimers();
    }
    expect(stderr.text).toMatch(/provisioning \[[█░]+\] 5\/10 documents/);
  });

  it('counts in the unit it is given', async () => {
    const stderr = new CapturedOutput(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const progress = await progressBar('exporting csv', stderr, 'rows');
      vi.advanceTimersByTime(1_000);
      progress.update?.(40, 340);
      progress.stop();
    } finally {
      vi.useRealTimers();
    }
    expect(stderr.text).toMatch(/exporting csv \[[█░]+\] 40\/340 rows/);
  });
});
