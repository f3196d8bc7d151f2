import { readdirSync } from 'node:fs';

/**
 * Runs the benchmarks named on the command line (every `src/*.bench.ts` without a name), one after
 * another, each printing its own table of figures and ratios.
 */
const dir = new URL('.', import.meta.url);
const known = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -'.bench.ts'.length))
  .sort();

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : known;
for (const name of names) {
  if (!known.includes(name)) {
    console.error(`unknown benchmark "${name}"; known: ${known.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n# ${name}`);
  const module = (await import(new URL(`./${name}.bench.ts`, dir).href)) as {
    run(): Promise<void>;
  };
  await module.run();
}
