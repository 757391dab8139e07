/**
 * Drawing the corpus's codes: documented codes of every form (CPT Category I–III and PLA, HCPCS
 * Level II), pools of ICD-10-CM and NUCC codes for the documents to link, each catalog text fixed
 * per code (so two documents disagree about one only where the generator makes them), and the
 * paths documents are written at, named after their codes.
 */
import { basename } from 'node:path';
import { classifyCode, type CodeCategory, type Icd10Forms } from '../src/domain/codes.js';
import { createRandom, hashText, type Random } from './random.js';
import * as words from './vocabulary.js';

const CATEGORY_SHARES: readonly (readonly [CodeCategory, number])[] = [
  ['Category I', 0.6],
  ['Category II', 0.08],
  ['Category III', 0.08],
  ['PLA', 0.08],
  ['Level II', 0.16],
];

const HCPCS_LETTERS = [...'ABCEGHJKLMPQRSTV'];
const digits = (random: Random, count: number): string => String(random.int(0, 10 ** count - 1)).padStart(count, '0');

const CODE_MAKERS: Record<CodeCategory, (random: Random) => string> = {
  'Category I': (r) => digits(r, 5),
  'Category II': (r) => `${digits(r, 4)}F`,
  'Category III': (r) => `${digits(r, 4)}T`,
  PLA: (r) => `${digits(r, 4)}U`,
  'Level II': (r) => `${r.pick(HCPCS_LETTERS)}${digits(r, 4)}`,
};

/** Draws codes never drawn before, of a category chosen by CATEGORY_SHARES unless given. */
export function codeSource(random: Random): (category?: CodeCategory) => string {
  const used = new Set<string>();
  const categoryOf = (): CodeCategory => {
    let r = random.next();
    for (const [category, share] of CATEGORY_SHARES) {
      if ((r -= share) < 0) return category;
    }
    return 'Category I';
  };
  return (category = categoryOf()) => {
    for (;;) {
      const code = CODE_MAKERS[category](random);
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  };
}

/** A text that depends only on `key`: the same in every document and every corpus. */
const fixedText = (key: string, make: (random: Random) => string): string => make(createRandom(hashText(key)));

export const CATALOG_TEXT = {
  code: (code: string) => fixedText(`code ${code}`, words.descriptorText),
  diagnosis: (code: string) => fixedText(`diagnosis ${code}`, words.diagnosisText),
  taxonomy: (code: string) => fixedText(`taxonomy ${code}`, words.specialtyText),
};

export function icd10Pool(random: Random, size: number): Icd10Forms[] {
  const pool = new Map<string, Icd10Forms>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTVWXYZ';
  const characters = '0123456789ABCDEFGHJKLMNPQRSTVWXYZ';
  while (pool.size < size) {
    const category = `${random.pick([...letters])}${random.int(0, 9)}${random.pick([...characters])}`;
    const detail = Array.from({ length: random.int(0, 4) }, () => random.pick([...characters])).join('');
    pool.set(category + detail, { display: detail ? `${category}.${detail}` : category, dotless: category + detail });
  }
  return [...pool.values()];
}

export function nuccPool(random: Random, size: number): string[] {
  const pool = new Set<string>();
  const characters = '0123456789ABCDEFGHJKLMNPQRSTVWYZ';
  while (pool.size < size) {
    const middle = Array.from({ length: 5 }, () => random.pick([...characters])).join('');
    // The ninth character is never X, so the code without its trailing X reads back unambiguously.
    pool.add(`${random.int(100, 399)}${middle}${random.int(0, 9)}X`);
  }
  return [...pool];
}

/** Up to `count` distinct items of a large pool, without shuffling all of it. */
export function pickDistinct<T>(random: Random, pool: readonly T[], count: number, except?: T): T[] {
  const picked = new Set<T>();
  for (let attempt = 0; picked.size < count && attempt < count * 20; attempt++) {
    const item = random.pick(pool);
    if (item !== except) picked.add(item);
  }
  return [...picked];
}

/** The codes documents link: documented ones, others only related, diagnoses and taxonomies. */
export interface Pools {
  readonly documented: readonly string[];
  readonly external: readonly string[];
  readonly diagnoses: readonly Icd10Forms[];
  readonly taxonomies: readonly string[];
}

const FOLDERS: Record<CodeCategory, (code: string) => string> = {
  'Category I': (code) => `cpt/category-i/${code[0]}xxxx`,
  'Category II': () => 'cpt/category-ii',
  'Category III': () => 'cpt/category-iii',
  PLA: () => 'cpt/pla',
  'Level II': () => 'hcpcs',
};

/** `cpt/category-i/2xxxx/cpt-20956.txt`: named after its code, or, rarely, after another one. */
export function pathOf(code: string, named: string): string {
  const { system, category } = classifyCode(code)!;
  return `${FOLDERS[category](code)}/${system.toLowerCase()}-${named}.txt`;
}

export const namedCode = (path: string): string => basename(path, '.txt').split('-')[1]!;
