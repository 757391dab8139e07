/**
 * A progress bar on stderr for long builds: only when stderr is a terminal, and only once the
 * work has taken more than a moment, so pipes, logs and quick runs stay silent.
 */
import type { SingleBar } from 'cli-progress';
import type { Output } from './io.js';

const MOMENT_MS = 400;

export interface Progress {
  readonly update: ((done: number, total: number) => void) | undefined;
  stop(): void;
}

export async function progressBar(what: string, stream: Output, unit = 'documents'): Promise<Progress> {
  if (!stream.isTTY) return { update: undefined, stop: () => {} };
  const { SingleBar, Presets } = await import('cli-progress');
  const started = Date.now();
  let bar: SingleBar | undefined;
  return {
    update(done, total) {
      if (bar === undefined) {
        if (Date.now() - started < MOMENT_MS) return;
        bar = new SingleBar(
          {
            stream: stream as NodeJS.WritableStream,
            format: `${what} [{bar}] {value}/{total} ${unit}, {eta_formatted} left`,
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
