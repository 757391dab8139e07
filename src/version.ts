import { readFileSync } from 'node:fs';

/** codebook's version, from package.json, recorded with every build. */
export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
