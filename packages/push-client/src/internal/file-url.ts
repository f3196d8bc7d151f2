import { nodeBuiltin } from './runtime.js';

type PathToFileUrl = (path: string) => URL;

/**
 * A `file:` URL for a path, as the official clients turn a URI that is not a URL into one: Node's
 * `pathToFileURL` where there is one (relative paths resolved against the working directory),
 * else {@link posixFileUrl} against `/` (a browser has no working directory).
 */
export function fileUrl(path: string): string {
  const node = nodeBuiltin<{ pathToFileURL: PathToFileUrl }>('node:url');
  return node ? node.pathToFileURL(path).href : posixFileUrl(path, '/');
}

/** `path` resolved against `cwd` on POSIX rules (`.` and `..` folded, a trailing `/` kept). */
function resolvePosix(path: string, cwd: string): string {
  const parts: string[] = [];
  for (const part of `${path.startsWith('/') ? '' : `${cwd}/`}${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const resolved = `/${parts.join('/')}`;
  return path.endsWith('/') && resolved !== '/' ? `${resolved}/` : resolved;
}

/** What Node 20's `pathToFileURL` encodes itself, before the URL encodes the rest. */
const ENCODED: Record<string, string> = Object.fromEntries(
  [...'%\\\n\r\t[]^|~'].map((c) => [
    c,
    `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  ]),
);

/**
 * Node's `pathToFileURL` on POSIX without Node: the path resolved against `cwd`, `%` `\` and
 * line breaks, `[` `]` `^` `|` `~` encoded, then set as the URL's path (which encodes spaces, `?`, `#` and non-ASCII).
 */
export function posixFileUrl(path: string, cwd: string): string {
  const url = new URL('file://');
  url.pathname = resolvePosix(path, cwd).replace(/[%\\\n\r\t[\]^|~]/g, (c) => ENCODED[c] as string);
  return url.href;
}
