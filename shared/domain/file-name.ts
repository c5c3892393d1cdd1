/**
 * The name of an uploaded file (a browser's, a script's, another tool's) is a label to show, never a path: only
 * its last segment is kept (after `/` or `\`), control and bidirectional-override characters are removed, and it
 * is bounded. What is left cannot name a folder, break a header or a log line, or disguise its extension.
 */
export const MAX_FILE_NAME_LENGTH = 255;

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The plain name to keep, or undefined when nothing usable is left (empty, `.` or `..`). */
export function plainFileName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = Array.from(last.replace(UNSAFE, '').trim()).slice(0, MAX_FILE_NAME_LENGTH).join('').trim();
  return clean === '' || clean === '.' || clean === '..' ? undefined : clean;
}
