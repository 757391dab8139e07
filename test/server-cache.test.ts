import { describe, expect, it } from 'vitest';
import { answerCache } from '../src/server/cache.js';

const answer = (bytes: number) => ({ body: new Uint8Array(bytes), headers: { 'content-type': 'text/html; charset=utf-8' } });

describe('answerCache', () => {
  it('keeps answers for their edition only, and forgets the old edition when a new one is kept', () => {
    const cache = answerCache(64 * 1024);
    cache.set('one', '/codes/1', answer(100));
    expect(cache.get('one', '/codes/1')?.body.byteLength).toBe(100);
    expect(cache.get('two', '/codes/1')).toBeUndefined();
    cache.set('two', '/codes/2', answer(10));
    expect([cache.get('one', '/codes/1'), cache.size]).toEqual([undefined, 10]);
  });

  it('stays within its bytes, the least recently used out first, and never keeps an answer over 1/64 of them', () => {
    const cache = answerCache(64 * 1000);
    for (const url of ['/a', '/b', '/c']) cache.set('e', url, answer(1000));
    cache.get('e', '/a');
    for (let i = 0; i < 62; i++) cache.set('e', `/x${i}`, answer(1000));
    expect(cache.size).toBe(64 * 1000);
    expect([cache.get('e', '/a') !== undefined, cache.get('e', '/b'), cache.get('e', '/c') !== undefined]).toEqual([true, undefined, true]);
    cache.set('e', '/big', answer(1001));
    expect(cache.get('e', '/big')).toBeUndefined();
    expect(answerCache(0).size).toBe(0);
  });
});
