import type { EnumerationMode, SyncedEntry } from '../types.js';

/** `rootPath` as a folder prefix: `""` and `"/"` mean everything; otherwise it ends with `/`. */
export function folderPrefix(rootPath: string): string {
  if (rootPath === '' || rootPath === '/') return '';
  return rootPath.endsWith('/') ? rootPath : `${rootPath}/`;
}

/** Whether `uri` is under `rootPath` (recursively, or only at its first level). */
export function isUnder(uri: string, rootPath: string, recursive: boolean): boolean {
  const prefix = folderPrefix(rootPath);
  if (uri === rootPath && rootPath !== '') return true;
  if (!uri.startsWith(prefix)) return false;
  return recursive || !uri.slice(prefix.length).includes('/');
}

/** The entries a mode lists under `rootPath`, from the documents' URIs and stamps, sorted by URI. */
export function listEntries(
  docs: Iterable<[string, string]>,
  rootPath: string,
  mode: EnumerationMode,
): SyncedEntry[] {
  const prefix = folderPrefix(rootPath);
  const documents: SyncedEntry[] = [];
  const folders = new Set<string>();
  for (const [uri, stamp] of docs) {
    if (!uri.startsWith(prefix)) continue;
    const rest = uri.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (mode === 'RECURSIVE_DOCUMENTS') documents.push({ uri, stamp, isFolder: false });
    else if (slash < 0) {
      if (mode !== 'NOT_RECURSIVE_FOLDERS') documents.push({ uri, stamp, isFolder: false });
    } else if (mode !== 'NOT_RECURSIVE_DOCUMENTS') folders.add(prefix + rest.slice(0, slash));
  }
  const entries = [
    ...documents,
    ...[...folders].map((uri) => ({ uri, stamp: '', isFolder: true })),
  ];
  return entries.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}
