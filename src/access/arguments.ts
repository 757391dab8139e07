/**
 * The checks on what callers pass to the data-access layer. JavaScript callers (and TypeScript
 * ones holding `any`) can pass anything; a wrong argument is a TypeError that names the method
 * and the argument, raised before any SQL runs.
 */

const shown = (value: unknown): string => {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
};

const fail = (method: string, name: string, expected: string, value: unknown): never => {
  throw new TypeError(`${method}: ${name} must be ${expected}, got ${shown(value)}`);
};

/** A required string argument. */
export function text(method: string, name: string, value: unknown): string {
  return typeof value === 'string' ? value : fail(method, name, 'a string', value);
}

/** An optional options object: undefined is `{}`; a key the method does not know is refused (a typo would otherwise be ignored). */
export function options<K extends string>(method: string, name: string, value: unknown, known: readonly K[]): Partial<Record<K, unknown>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fail(method, name, `an object with ${known.join(', ')}`, value);
  const unknown = Object.keys(value).filter((key) => !(known as readonly string[]).includes(key));
  if (unknown.length > 0) throw new TypeError(`${method}: ${name} has no option ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return value as Partial<Record<K, unknown>>;
}

/** An optional whole number ≥ `min` (a limit, an offset, a number of milliseconds). */
export function count(method: string, name: string, value: unknown, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (Number.isSafeInteger(value) && (value as number) >= min) return value as number;
  return fail(method, name, `a whole number ≥ ${min}`, value);
}

/** An optional plain object of named values (SQL parameters). */
export function record(method: string, name: string, value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(method, name, 'an object of named values', value);
}

/** An optional boolean. */
export function flag(method: string, name: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? value : fail(method, name, 'true or false', value);
}

/** An optional value out of `choices`. */
export function oneOf<T extends string>(method: string, name: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  return (choices as readonly unknown[]).includes(value)
    ? (value as T)
    : fail(method, name, `one of ${choices.map((c) => `'${c}'`).join(', ')}`, value);
}
