/**
 * Text from documents and databases shown to a person on a terminal. A document may hold escape
 * sequences (`ESC [2J` clears the screen, OSC 8 makes links) that a terminal would obey rather
 * than show; every human-readable output passes its text through this one function.
 */

/** C0 and C1 control characters, DEL, and the bidirectional controls that reorder what is shown. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (c: string): string => {
  const code = c.charCodeAt(0);
  return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
};

/** `text` with every control character written out as an escape (`\x1b`, `\n`, `\u202e`): one line, shown as is. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, escape);
}
