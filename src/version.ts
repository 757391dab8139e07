import packageJson from '../package.json' with { type: 'json' };

/** codebook's version, from package.json, recorded with every build. */
export const TOOL_VERSION: string = packageJson.version;
