/**
 * The `codebook` commands. Each command's module is imported only when that command runs, so
 * `codebook show` does not pay for the ingestion pipeline. Commands write to the CliIO they are
 * given and return their exit status, so the tests run them in process (runCli).
 */
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_QUERY_TIMEOUT_MS } from '../access/query.js';

import { DEFAULT_WAIT_MS } from '../db/writer-lock.js';
import { DEFAULT_CACHE_MB, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SQL_TIMEOUT_MS } from '../server/defaults.js';
import { RELATION_DIRECTIONS } from '../domain/relations.js';
import { SEARCH_MODES } from '../domain/search.js';
import { TOOL_VERSION } from '../version.js';
import { reportFailure } from './failure.js';
import { processIO, type CliIO } from './io.js';
import { DIFF_FORMATS, OUTPUT_FORMATS } from '../access/output-formats.js';
import { EXPORT_FORMATS } from '../export/formats.js';
import { expandParamPairs } from './params.js';

const DEFAULT_DB = 'data/reference.db';
const DEFAULT_SEEDS = 'seeds';

const seconds =
  (least: 'positive' | 'zero') =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (least === 'positive' && n === 0))
      throw new Error(`not a ${least === 'positive' ? 'positive ' : ''}number of seconds: ${value}`);
    return n;
  };
const dbOption = () => new Option('--db <file>', 'the reference database').env('CODEBOOK_DB').default(DEFAULT_DB);
const waitOption = () =>
  new Option('--wait <seconds>', 'how long to wait for another writer (and for readers to finish) before giving up, changing nothing')
    .argParser(seconds('zero'))
    .default(DEFAULT_WAIT_MS / 1000);
const formatOption = () => new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table');
const strictOption = () => new Option('--strict', 'fail on warnings as well as errors');
const keepGoingOption = () =>
  new Option('--keep-going', 'leave out documents with errors and build the rest; exit 3 when any was left out');
const port = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port number (0–65535): ${value}`);
  return n;
};
const megabytes = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new Error(`not a whole number of megabytes: ${value}`);
  return n;
};
const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive whole number: ${value}`);
  return n;
};

/**
 * The command line, writing to `io`. Commander does not exit the process (exitOverride): a usage
 * error or `--help` throws a CommanderError with its exit status; each command's own status is
 * given to `setStatus`.
 */
export function createProgram(io: CliIO = processIO, setStatus: (status: number) => void = () => {}): Command {
  const program = new Command('codebook')
    .description('A SQLite reference database of medical billing codes, built from billing code overview documents.')
    .version(TOOL_VERSION)
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .showHelpAfterError();
  const done = (status: number | void) => setStatus(status ?? 0);

  program
    .command('provision')
    .description('build the reference database from a folder of documents: migrations, then every document, atomically')
    .option('--seeds <dir>', 'the folder of documents (*.txt, searched recursively)', DEFAULT_SEEDS)
    .addOption(dbOption())
    .addOption(strictOption())
    .addOption(keepGoingOption())
    .option('--force', 'replace the database file even when it is not a codebook database (never a directory, device or symbolic link)')
    .addOption(waitOption())
    .action(async (options) => done(await (await import('./commands/build.js')).provisionCommand(io, options)));

  program
    .command('check')
    .description('parse and validate documents without writing anything; print what provision would say')
    .argument('<paths...>', 'documents or folders of documents')
    .addOption(strictOption())
    .addOption(keepGoingOption())
    .action(async (paths, options) => done(await (await import('./commands/check.js')).checkCommand(io, paths, options)));

  program
    .command('ingest')
    .description('add or update documents in an existing database: unchanged ones are skipped, changed ones replaced; all or nothing')
    .argument('<paths...>', 'documents or folders of documents')
    .addOption(dbOption())
    .addOption(strictOption())
    .addOption(keepGoingOption())
    .option('--prune', 'also remove the documents loaded from under the given folders whose files are gone')
    .addOption(waitOption())
    .action(async (paths, options) => done(await (await import('./commands/build.js')).ingestCommand(io, paths, options)));

  program
    .command('remove')
    .description('remove documents, each named by its code or its path; catalogs resolved again; all or nothing')
    .argument('<names...>', 'documented codes or document paths')
    .addOption(dbOption())
    .addOption(waitOption())
    .action(async (names, options) => done(await (await import('./commands/build.js')).removeCommand(io, names, options)));

  program
    .command('migrate')
    .description('bring an existing database to the latest migration, keeping its rows')
    .addOption(dbOption())
    .addOption(waitOption())
    .action(async (options) => done(await (await import('./commands/migrate.js')).migrateCommand(io, options)));

  program
    .command('show')
    .description("one code's full record")
    .argument('<code>', 'a CPT or HCPCS code, e.g. 20956')
    .addOption(dbOption())
    .option('--json', 'print the record as JSON')
    .action(async (code, options) => done(await (await import('./commands/show.js')).showCommand(io, code, options)));

  program
    .command('search')
    .description('full-text search over titles, descriptors, summaries, clinical context and modifier guidance')
    .argument('<text>', 'words to find (all must match), or, with --mode, a phrase, prefixes or an FTS5 query')
    .addOption(dbOption())
    .option('-n, --limit <count>', 'at most this many results', positiveInteger, 20)
    .addOption(
      new Option(
        '-m, --mode <mode>',
        'words: every word, by stem, nothing is syntax; phrase: the words in order; prefix: words as starts of words; ' +
          'raw: an FTS5 query ("exact phrase", graft*, OR, NOT, NEAR)',
      )
        .choices(SEARCH_MODES)
        .default('words'),
    )
    .addOption(formatOption())
    .action(async (text, options) => done(await (await import('./commands/read.js')).searchCommand(io, text, options)));

  program
    .command('related')
    .description('codes related to a code: those its document lists (out), those whose documents list it (in)')
    .argument('<code>', 'a CPT or HCPCS code')
    .addOption(dbOption())
    .addOption(new Option('-d, --direction <direction>', 'which relationships').choices(RELATION_DIRECTIONS).default('both'))
    .addOption(formatOption())
    .action(async (code, options) => done(await (await import('./commands/read.js')).relatedCommand(io, code, options)));

  program
    .command('unknowns')
    .description(
      'every value the documents leave unknown, and every document a --keep-going build left out: which code, which field, why, where',
    )
    .addOption(dbOption())
    .option('-c, --code <code>', 'only this code')
    .addOption(formatOption())
    .action(async (options) => done(await (await import('./commands/read.js')).unknownsCommand(io, options)));

  program
    .command('info')
    .description('what the database is: its edition id, when and by which codebook and migration it was built, its counts')
    .addOption(dbOption())
    .option('--json', 'print it as JSON')
    .action(async (options) => done(await (await import('./commands/editions.js')).infoCommand(io, options)));

  program
    .command('verify')
    .description('run every check a provision runs over the whole database, and check that its manifest is true; changes nothing')
    .addOption(dbOption())
    .action(async (options) => done(await (await import('./commands/editions.js')).verifyCommand(io, options)));

  program
    .command('log')
    .description('what each build run created, updated or removed (of one code, if given), newest run first')
    .argument('[code]', 'a CPT or HCPCS code')
    .addOption(dbOption())
    .addOption(formatOption())
    .action(async (code, options) => done(await (await import('./commands/read.js')).logCommand(io, code, options)));

  program
    .command('diff')
    .description('what changed between two releases, per code and per field; exit 0 the same, 1 different, 2 trouble')
    .argument('<old>', 'the older database (read, never changed, whatever its migration)')
    .argument('<new>', 'the newer database')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DIFF_FORMATS).default('table'))
    // diff(1)'s statuses: a usage error is trouble (2), not "different" (1).
    .exitOverride((e) => {
      throw e.exitCode === 0 ? e : new CommanderError(2, e.code, e.message);
    })
    .action(async (oldPath, newPath, options) =>
      done(await (await import('./commands/diff.js')).diffCommand(io, oldPath, newPath, options)),
    );

  program
    .command('query')
    .description('run one read-only SQL statement; the database is opened read-only')
    .argument('<sql>', 'the SQL, a path to a .sql file, or - to read it from standard input')
    .addOption(dbOption())
    .addOption(formatOption())
    .option(
      '-p, --param <name value>',
      'a named parameter, used in the SQL as :name (repeatable: -p code 20956)',
      (pair: string, all: string[]) => [...all, pair],
      [] as string[],
    )
    .option('--timeout <seconds>', 'stop the query after it has run this long', seconds('positive'), DEFAULT_QUERY_TIMEOUT_MS / 1000)
    .action(async (sql, options) => done(await (await import('./commands/query.js')).queryCommand(io, sql, options)));

  program
    .command('serve')
    .description('a read-only web explorer and JSON API over the database: search, codes, catalogs, unknowns, tables, SQL')
    .addOption(dbOption())
    .option('--host <host>', 'the address to listen on (another than 127.0.0.1 exposes it to the network)', DEFAULT_HOST)
    .option('--port <port>', 'the port to listen on (0: any free port)', port, DEFAULT_PORT)
    .option(
      '--sql-timeout <seconds>',
      "stop the SQL page's queries after they have run this long",
      seconds('positive'),
      DEFAULT_SQL_TIMEOUT_MS / 1000,
    )
    .option('--cache-mb <megabytes>', "keep this much of the current edition's answers in memory (0: none)", megabytes, DEFAULT_CACHE_MB)
    .action(async (options) => done(await (await import('./commands/serve.js')).serveCommand(io, options)));

  program
    .command('export')
    .description('write the database in the formats its users read: records, tables and views, FHIR R4, Datasette metadata')
    .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <dir>', 'the folder to write (absent or empty)')
    .addOption(dbOption())
    .option('--fhir-base <url>', "the canonical base of the FHIR resources' URLs (default: https://codebook.invalid/fhir)")
    .action(async (options) => done(await (await import('./commands/export.js')).exportCommand(io, options)));

  program
    .command('schema')
    .description('print the JSON Schema (2020-12) of a record, the shape of show --json and of exported records')
    .action(async () => done((await import('./commands/export.js')).schemaCommand(io)));

  return program;
}

/** Runs the command line `argv` (without node and the script) with `io`; resolves with its exit status. */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  let status = 0;
  const program = createProgram(io, (given) => (status = given));
  try {
    await program.parseAsync(expandParamPairs(argv), { from: 'user' });
    return status;
  } catch (e) {
    return e instanceof CommanderError ? e.exitCode : reportFailure(e, io);
  }
}
