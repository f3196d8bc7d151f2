import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs the benchmarks named on the command line (every `src/*.bench.ts` without a name), one after
 * another, each printing its own table of figures and ratios. Each runs in a process of its own,
 * so that no benchmark meets the heap, sockets or JIT state an earlier one left behind.
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
}

if (process.env.BENCH_IN_PROCESS === '1') {
  for (const name of names) {
    const module = (await import(new URL(`./${name}.bench.ts`, dir).href)) as {
      run(): Promise<void>;
    };
    await module.run();
  }
} else {
  for (const name of names) {
    console.log(`\n# ${name}`);
    const { status } = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), name],
      { stdio: 'inherit', env: { ...process.env, BENCH_IN_PROCESS: '1' } },
    );
    if (status !== 0) process.exit(status ?? 1);
  }
}
