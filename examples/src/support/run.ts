// `npm run example -- <name>` (from the repository root) and `npm run example -- --list`.
import { EXAMPLES } from './catalog.js';

// pnpm passes a `--` through to the script: skip it.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const name = args[0];

function list(): void {
  console.log('Examples (npm run example -- <name>):');
  const width = Math.max(...EXAMPLES.map((e) => e.name.length));
  for (const pkg of new Set(EXAMPLES.map((e) => e.package))) {
    console.log(pkg);
    for (const e of EXAMPLES.filter((x) => x.package === pkg)) {
      console.log(`  ${e.name.padEnd(width)}  ${e.summary}`);
    }
  }
}

if (name === undefined || name === '--list' || name === 'list') {
  list();
} else if (EXAMPLES.some((e) => e.name === name)) {
  try {
    await import(`../${name}.ts`);
  } catch (error) {
    // The packages are imported from their built `dist`.
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String(error).includes('/dist/')) throw error;
    console.error('Failed: the packages are not built; run `npm run build` from the root first.');
    process.exitCode = 1;
  }
} else {
  console.error(`Unknown example "${name}"; \`npm run example -- --list\` lists them.`);
  process.exitCode = 1;
}
