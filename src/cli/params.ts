/**
 * `-p name value` takes two arguments, as in sqlite-utils; commander options take one, so the
 * pair is joined into `--param name=value` before parsing. `-p name=value` works too.
 */
export function expandParamPairs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = argv[i + 1];
    const value = argv[i + 2];
    if ((arg === '-p' || arg === '--param') && name !== undefined && !name.includes('=') && value !== undefined) {
      out.push('--param', `${name}=${value}`);
      i += 2;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** `name=value` pairs to named parameters; a leading `:`, `@` or `$` on the name is optional. */
export function parseParams(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at).replace(/^[:@$]/, ''), pair.slice(at + 1)];
    }),
  );
}
