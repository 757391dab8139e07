/**
 * Answers kept in memory for the edition they were made from. Every page and API answer the
 * server's connection makes is a function of the database's contents, and a reference database
 * changes only when a build writes it — a new edition, which no kept answer is keyed by. Bounded
 * in bytes, least recently used out first; a large answer (a table's download) is never kept.
 */

/** One kept answer: its body and the headers it was sent with. */
export interface KeptAnswer {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly headers: Readonly<Record<string, string>>;
}

export interface AnswerCache {
  get(edition: string, url: string): KeptAnswer | undefined;
  set(edition: string, url: string, answer: KeptAnswer): void;
  /** The bytes kept, for the tests. */
  readonly size: number;
}

/** An answer cache of at most `maxBytes`; answers over `maxBytes / 64` are not kept. 0 keeps nothing. */
export function answerCache(maxBytes: number): AnswerCache {
  // A Map iterates in insertion order: re-inserting on a hit makes its first key the least recently used.
  const kept = new Map<string, KeptAnswer>();
  let edition: string | undefined;
  let size = 0;
  const largest = Math.floor(maxBytes / 64);
  return {
    get(current, url) {
      if (current !== edition) return undefined;
      const answer = kept.get(url);
      if (answer !== undefined) {
        kept.delete(url);
        kept.set(url, answer);
      }
      return answer;
    },
    set(current, url, answer) {
      if (answer.body.byteLength > largest) return;
      if (current !== edition) {
        // A new edition: nothing kept describes it.
        kept.clear();
        size = 0;
        edition = current;
      }
      const previous = kept.get(url);
      if (previous !== undefined) size -= previous.body.byteLength;
      kept.delete(url);
      kept.set(url, answer);
      size += answer.body.byteLength;
      for (const [oldest, old] of kept) {
        if (size <= maxBytes) break;
        kept.delete(oldest);
        size -= old.body.byteLength;
      }
    },
    get size() {
      return size;
    },
  };
}
