/**
 * Replacing a database file atomically: build beside it under a temporary name, then rename over
 * it. A build that fails or is killed leaves the previous file untouched; its temporary file is
 * removed by the next build.
 */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMPORARY_MARK = '.building-';

export const temporaryPathFor = (target: string): string => `${target}${TEMPORARY_MARK}${process.pid}`;

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes temporary files (and their journals) left by builds of `target` that are no longer running. */
export function removeStaleTemporaries(target: string): void {
  const prefix = `${basename(target)}${TEMPORARY_MARK}`;
  for (const name of readdirSync(dirname(target))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(dirname(target), name), { force: true });
  }
}

const fsyncPath = (path: string): void => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Moves the finished `temporary` over `target`, durably. The old file's WAL and shared-memory
 * files go first: SQLite would otherwise replay the old WAL into the new file.
 */
export function replaceAtomically(temporary: string, target: string): void {
  fsyncPath(temporary);
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  renameSync(temporary, target);
  fsyncPath(dirname(target));
}

export const removeTemporary = (temporary: string): void => {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
};
