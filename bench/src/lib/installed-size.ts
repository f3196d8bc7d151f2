import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Bytes on disk of a folder, without nested node_modules (dependencies are counted once, apart). */
function folderBytes(dir: string, only?: readonly string[]): number {
  let total = 0;
  const entries = only ? only.filter((e) => existsSync(join(dir, e))) : readdirSync(dir);
  for (const entry of entries) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}

function findDependency(from: string, name: string): string | undefined {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidates = [join(dir, 'node_modules', name)];
    if (basename(dir) === 'node_modules') candidates.push(join(dir, name));
    if (basename(dirname(dir)) === 'node_modules' && dir.includes('@'))
      candidates.push(join(dirname(dir), name));
    for (const candidate of candidates)
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

/**
 * The installed size of a package and its production dependency closure, as found in this
 * repository's node_modules: for workspace packages only what they publish (`files`), for
 * registry packages their whole folder. Returns bytes and the number of packages.
 */
export function installedSize(entryDir: string): { bytes: number; packages: number } {
  const seen = new Set<string>();
  let bytes = 0;
  const visit = (dir: string) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const pkg = JSON.parse(readFileSync(join(real, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      files?: string[];
    };
    const workspace = !real.includes(`${'node_modules'}/.pnpm`) && !real.includes('node_modules');
    bytes += workspace
      ? folderBytes(real, [...(pkg.files ?? []), 'package.json', 'README.md', 'LICENSE'])
      : folderBytes(real);
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const found = findDependency(real, dep);
      if (found && statSync(found).isDirectory()) visit(found);
    }
  };
  visit(entryDir);
  return { bytes, packages: seen.size };
}
