/**
 * Remove: takes documents out of a database, each named by its code or its path, in one
 * transaction, as an ingest changes it (src/pipeline/in-place.ts): every fact they stated goes, the
 * catalog entries they mentioned are resolved again — a code other documents list as related
 * stays, as a code only listed — and the data checks run over what changed. The result is a
 * provision of the corpus without them. All or nothing: a name that matches nothing changes nothing.
 */
import { canonicalCode } from '../domain/codes.js';
import type { WriterOptions } from '../db/writer-lock.js';
import { build, BuildError, type BuildPlan, type BuildReport } from './build.js';
import { changeInPlace } from './in-place.js';
import { displayPath } from './read.js';

/** A removal loads no document, so it has no warnings to be strict about: only the wait for other writers. */
export type RemoveOptions = WriterOptions;

const NO_DOCUMENTS = { count: 0, async *[Symbol.asyncIterator]() {} };

/**
 * Removes the documents `names` name from the database at `target`: a documented code, or the path
 * of a document it holds (as stored, or as it names the same file from here). A path a `--keep-going`
 * build rejected loses its rejection record.
 */
export async function remove(names: readonly string[], target: string, options: RemoveOptions = {}): Promise<BuildReport> {
  if (names.length === 0) throw new BuildError(`nothing to remove: name documents by their code or path; ${target} was not changed`);
  return changeInPlace(target, 'remove', options, async ({ db, transaction }) => {
    const byPath = db.$client.prepare(`SELECT id FROM source_documents WHERE path = ?`).pluck();
    const byCode = db.$client.prepare(`SELECT document_id FROM procedures WHERE code = ?`).pluck();
    const rejected = db.$client.prepare(`SELECT path FROM rejected_documents WHERE path = ?`).pluck();
    const documentIds = new Set<number>();
    const rejectedPaths = new Set<string>();
    const unmatched: string[] = [];
    for (const name of names) {
      const path = displayPath(name);
      const id = (byPath.get(path) ?? byPath.get(name) ?? byCode.get(canonicalCode(name))) as number | undefined;
      const rejection = (rejected.get(path) ?? rejected.get(name)) as string | undefined;
      if (id !== undefined) documentIds.add(id);
      if (rejection !== undefined) rejectedPaths.add(rejection);
      if (id === undefined && rejection === undefined) unmatched.push(name);
    }
    if (unmatched.length > 0) {
      throw new BuildError(
        `${unmatched.map((name) => JSON.stringify(name)).join(', ')} ${unmatched.length === 1 ? 'is' : 'are'} neither a documented ` +
          `code nor the path of a document in ${target}; nothing was removed`,
      );
    }
    const plan: BuildPlan = {
      kind: 'remove',
      documents: NO_DOCUMENTS,
      place: () => {
        throw new Error('a removal loads no document');
      },
      remove: { documentIds: [...documentIds], rejectedPaths: [...rejectedPaths] },
      scoped: true,
    };
    return transaction(() => build(db, plan, target, {}));
  });
}
