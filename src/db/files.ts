/**
 * Replacing a database file atomically, under the writer lock: build beside it under a temporary
 * name, then rename over it. A build that fails or is killed leaves the previous file — with
 * every transaction committed to it — untouched; its temporary file is removed by the next build.
 *
 * The old file's journal is settled before anything is built (an interrupted write rolled back, a
 * WAL checkpointed into the file and removed), never deleted, so a failed rename loses nothing;
 * and a path that cannot be renamed over (a bind-mounted file) is refused before the build.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { useRollbackJournal } from './sqlite.js';
import { DEFAULT_WAIT_MS, retryWhileBusy, waitText, WriterBusyError, type WriterOptions } from './writer-lock.js';

const TEMPORARY_MARK = '.building-';

export const temporaryPathFor = (target: string): string => `${target}${TEMPORARY_MARK}${process.pid}`;

/** A database path that cannot be replaced, or that changed under the writer; nothing was changed. */
export class ReplaceError extends Error {
  override name = 'ReplaceError';
}

/** Removes temporary files (and their journals) left by earlier builds of `target`: under the writer lock, none is in use. */
export function removeTemporaries(target: string): void {
  const prefix = `${basename(target)}${TEMPORARY_MARK}`;
  for (const name of readdirSync(dirname(target))) if (name.startsWith(prefix)) rmSync(join(dirname(target), name), { force: true });
}

export const removeTemporary = (temporary: string): void => {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${temporary}${suffix}`, { force: true });
};

/** The mount points of this process (Linux's /proc/self/mountinfo); none where it cannot be read. */
function mountPoints(): Set<string> {
  let table: string;
  try {
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return new Set();
  }
  // Field 5 is the mount point, with space, tab, newline and backslash written as octal escapes.
  const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return new Set(table.split('\n').flatMap((line) => (line.split(' ')[4] ? [unescape(line.split(' ')[4]!)] : [])));
}

/**
 * Throws, before anything is built, when `target` cannot be replaced by a rename: a file mounted
 * on its own (`docker -v ./reference.db:/app/data/reference.db`) makes rename fail with EBUSY.
 */
export function assertReplaceable(target: string): void {
  if (!existsSync(target)) return;
  const real = realpathSync(target);
  if (mountPoints().has(real) || statSync(target).dev !== statSync(dirname(real)).dev) {
    throw new ReplaceError(
      `${target} is a mount point (a file mounted on its own, as with docker -v file:file), which ` +
        `cannot be replaced by a rename; mount its directory instead (docker -v ./data:/app/data); ` +
        `${target} was not changed`,
    );
  }
}

/** Bytes 18–19 of an SQLite header: 2 when the database is in WAL mode. */
function isWalHeader(path: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, header, 0, 20, 0) === 20 && header.toString('latin1', 0, 6) === 'SQLite' && header[18] === 2;
  } finally {
    closeSync(fd);
  }
}

/**
 * Leaves the SQLite database at `target` with nothing outside its file: a journal left by an
 * interrupted write is rolled back (SQLite does this on first reading it), and a database in WAL
 * mode (built by an earlier codebook) has its WAL checkpointed into the file and removed by
 * switching to a rollback journal. Every committed row stays. Waits, as `options` allow, for other
 * programs that have a WAL database open.
 */
export async function settleJournal(target: string, options: WriterOptions): Promise<void> {
  if (!existsSync(target) || statSync(target).size === 0) return;
  if (!isWalHeader(target) && !existsSync(`${target}-wal`) && !existsSync(`${target}-journal`)) return;
  const db = new Database(target, { fileMustExist: true, timeout: 0 });
  try {
    await retryWhileBusy(
      () => useRollbackJournal(db),
      options,
      `waiting for other programs to close ${target}`,
      () =>
        new WriterBusyError(
          `other programs kept ${target} open in WAL mode for ${waitText(options.waitMs ?? DEFAULT_WAIT_MS)}, ` +
            `and it cannot leave WAL mode while they do: close them and try again; nothing was changed`,
        ),
    );
  } finally {
    db.close();
  }
}

/** Which file a path names now (device and inode), to tell whether it was replaced meanwhile. */
export const fileIdentity = (path: string): string => {
  const { dev, ino } = statSync(path);
  return `${dev}:${ino}`;
};

const fsyncPath = (path: string): void => {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** How many files are synced at once: syncs in flight together share the file system's journal commits. */
const SYNCS_AT_ONCE = 16;

/**
 * Moves the finished folder `folder` to `target` (absent or an empty folder), durably: every file
 * in it and the folder itself reach the disk before the rename, and the rename before this returns.
 */
export async function renameFolderDurably(folder: string, target: string): Promise<void> {
  const files = readdirSync(folder);
  let next = 0;
  const syncFiles = async (): Promise<void> => {
    while (next < files.length) {
      const file = await open(join(folder, files[next++]!), 'r');
      try {
        await file.sync();
      } finally {
        await file.close();
      }
    }
  };
  await Promise.all(Array.from({ length: SYNCS_AT_ONCE }, syncFiles));
  fsyncPath(folder);
  renameSync(folder, target);
  fsyncPath(dirname(target));
}

/**
 * Moves the finished `temporary` over `target`, durably, and checks that `target` names it
 * afterwards. The old file's journal was settled before the build; should one have appeared
 * since (another program writing), the replace is refused rather than leave SQLite to apply the
 * old file's journal to the new one.
 */
export function replaceAtomically(temporary: string, target: string): void {
  fsyncPath(temporary);
  for (const journal of [`${target}-wal`, `${target}-journal`]) {
    if (existsSync(journal) && statSync(journal).size > 0) {
      throw new ReplaceError(
        `${journal} appeared while the new database was built: another program is writing to ${target}; it was not replaced`,
      );
    }
  }
  const built = fileIdentity(temporary);
  renameSync(temporary, target);
  fsyncPath(dirname(target));
  if (fileIdentity(target) !== built) {
    throw new ReplaceError(`${target} was replaced by another program just after this build put its database there`);
  }
}
