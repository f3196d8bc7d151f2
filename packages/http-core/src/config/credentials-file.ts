import type * as Fs from 'node:fs';
import { requireNodeBuiltin } from '../internal/runtime.js';

/**
 * Reads a credentials file in the `ibm-credentials.env` format (dotenv: `KEY=value` lines, `#`
 * comments, optional quotes). `path` may name the file or a directory that holds
 * `ibm-credentials.env`. Returns `undefined` when there is no such file.
 */
export function readCredentialsFile(path: string): Record<string, string> | undefined {
  const { readFileSync, statSync } = requireNodeBuiltin<typeof Fs>('node:fs', 'credentialsFile');
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = `${path.replace(/[\\/]+$/, '')}/ibm-credentials.env`;
    return parseDotenv(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Parses dotenv text into key-value pairs. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key = '', rawValue = ''] = match;
    let value = rawValue.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[key] = value;
  }
  return out;
}
