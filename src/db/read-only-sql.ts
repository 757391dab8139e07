/**
 * Which SQL an analyst may run. SQLite decides what writes: the query connection is opened
 * read-only with `PRAGMA query_only`, and a statement runs only when SQLite reports it read-only
 * (`sqlite3_stmt_readonly`) and returning rows. What SQLite counts as read-only but still changes
 * the connection — ATTACH, DETACH, and a PRAGMA given a value, which takes effect as soon as it is
 * prepared — is recognized here, before anything is prepared, by reading the statement's first
 * tokens the way SQLite's tokenizer does: comments, quoted names (`"x"`, `[x]`, `` `x` ``, `'x'`)
 * and case cannot disguise them.
 */

/** PRAGMAs that take an argument in parentheses and only read (a table or index name, a check's limit). */
const READING_PRAGMAS = new Set([
  'table_info',
  'table_xinfo',
  'table_list',
  'index_info',
  'index_xinfo',
  'index_list',
  'foreign_key_list',
  'foreign_key_check',
  'integrity_check',
  'quick_check',
]);

type Token = { readonly kind: 'word' | 'name' | 'symbol'; readonly text: string };

const QUOTE_CLOSERS: Readonly<Record<string, string>> = { '"': '"', '`': '`', "'": "'", '[': ']' };
const isWordCharacter = (c: string): boolean => /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;

/**
 * The first `max` tokens of `sql` that are not space or comment, as SQLite's tokenizer splits them:
 * a quoted name is one `name` token, dequoted; a bare word keeps its spelling.
 */
export function leadingTokens(sql: string, max: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length && tokens.length < max) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c in QUOTE_CLOSERS) {
      const close = QUOTE_CLOSERS[c]!;
      let text = '';
      let j = i + 1;
      for (;;) {
        const end = sql.indexOf(close, j);
        if (end === -1) return tokens; // unterminated: SQLite will refuse it
        text += sql.slice(j, end);
        // A doubled closing quote is the quote itself, except in [brackets].
        if (c !== '[' && sql[end + 1] === close) {
          text += close;
          j = end + 2;
        } else {
          j = end + 1;
          break;
        }
      }
      tokens.push({ kind: 'name', text });
      i = j;
    } else if (isWordCharacter(c)) {
      let j = i + 1;
      while (j < sql.length && isWordCharacter(sql[j]!)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'symbol', text: c });
      i++;
    }
  }
  return tokens;
}

const isKeyword = (token: Token | undefined, keyword: string): boolean => token?.kind === 'word' && token.text.toUpperCase() === keyword;

/** Why `sql` may not run on a read-only connection, judged before it is prepared; undefined when that is for SQLite to say. */
export function connectionChange(sql: string): string | undefined {
  let tokens = leadingTokens(sql, 8);
  // EXPLAIN prepares the statement it explains, and preparing a PRAGMA with a value applies it.
  if (isKeyword(tokens[0], 'EXPLAIN')) tokens = tokens.slice(isKeyword(tokens[1], 'QUERY') && isKeyword(tokens[2], 'PLAN') ? 3 : 1);
  const verb = tokens[0]?.kind === 'word' ? tokens[0].text.toUpperCase() : '';
  if (verb === 'ATTACH' || verb === 'DETACH') return `${verb} changes the connection`;
  if (verb !== 'PRAGMA') return undefined;
  // PRAGMA [schema.]name [= value | (value)]
  const named = tokens[2]?.text === '.' ? tokens.slice(3) : tokens.slice(1);
  const name = named[0]?.text ?? '';
  const next = named[1]?.kind === 'symbol' ? named[1].text : '';
  if (next === '=' || (next === '(' && !READING_PRAGMAS.has(name.toLowerCase()))) {
    return `PRAGMA ${name} with a value changes the connection or the database`;
  }
  return undefined;
}

/** The statement's first word, for messages. */
export const statementVerb = (sql: string): string => {
  const first = leadingTokens(sql, 1)[0];
  return first?.kind === 'word' ? first.text.toUpperCase() : '';
};

/**
 * The named parameters `sql` uses (`:name`, `@name`, `$name`), without their mark, each once, in
 * order; strings, quoted names and comments hold none.
 */
export function namedParameters(sql: string): string[] {
  const names = new Set<string>();
  const tokens = leadingTokens(sql, Number.POSITIVE_INFINITY);
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.kind === 'symbol' && (token.text === ':' || token.text === '@') && next?.kind === 'word') names.add(next.text);
    else if (token.kind === 'word' && token.text.startsWith('$') && token.text.length > 1) names.add(token.text.slice(1));
  });
  return [...names];
}
