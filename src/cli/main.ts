#!/usr/bin/env node
/**
 * The `codebook` command line. Each command's module is imported only when that command runs,
 * so `codebook show` does not pay for the ingestion pipeline.
 */
import { Command, Option } from 'commander';
import { reportFailure } from './failure.js';
import { expandParamPairs } from './params.js';
import { OUTPUT_FORMATS } from './output-formats.js';

export const DEFAULT_DB = 'data/reference.db';
export const DEFAULT_SEEDS = 'seeds';

const program = new Command('codebook')
  .description('A SQLite reference database of medical billing codes, built from billing code overview documents.')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

const dbOption = () => new Option('--db <file>', 'the reference database').default(DEFAULT_DB);

program
  .command('provision')
  .description('build the reference database from a folder of documents: migrations, then every document, atomically')
  .option('--seeds <dir>', 'the folder of documents (*.txt, searched recursively)', DEFAULT_SEEDS)
  .addOption(dbOption())
  .option('--strict', 'fail on warnings as well as errors')
  .action(async (options) => (await import('./commands/provision.js')).provisionCommand(options));

program
  .command('check')
  .description('parse and validate documents without writing anything; print what provision would say')
  .argument('<paths...>', 'documents or folders of documents')
  .option('--strict', 'exit 1 on warnings as well as errors')
  .action(async (paths, options) => (await import('./commands/check.js')).checkCommand(paths, options));

program
  .command('show')
  .description("one code's full record")
  .argument('<code>', 'a CPT or HCPCS code, e.g. 20956')
  .addOption(dbOption())
  .option('--json', 'print the record as JSON')
  .action(async (code, options) => (await import('./commands/show.js')).showCommand(code, options));

program
  .command('query')
  .description('run one read-only SQL statement; the database is opened read-only')
  .argument('<sql>', 'the SQL, a path to a .sql file, or - to read it from standard input')
  .addOption(dbOption())
  .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
  .option(
    '-p, --param <name value>',
    'a named parameter, used in the SQL as :name (repeatable: -p code 20956)',
    (pair: string, all: string[]) => [...all, pair],
    [] as string[],
  )
  .action(async (sql, options) => (await import('./commands/query.js')).queryCommand(sql, options));

program.parseAsync(expandParamPairs(process.argv)).catch(reportFailure);
