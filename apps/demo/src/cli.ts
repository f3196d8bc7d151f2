import { parseArgs } from 'node:util';
import { isSdkError } from '@connectorkit/http-core';
import { DemoConfigError, readDemoConfig } from './config.js';
import { HELP } from './help.js';
import { NEXT_STEPS, renderSummary, summaryJson } from './metrics.js';
import { runPartialUpdateTool, startPartialUpdateServer } from './partial-update-commands.js';
import { runPipeline } from './pipeline.js';
import { createProgress } from './progress.js';
import { startServices } from './services.js';

/** Runs the CLI; returns the exit code. Errors print one clear line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    // `npm run demo -- --help` reaches us as `-- --help` through pnpm: the separator is not ours.
    parsed = parseCli(argv[0] === '--' ? argv.slice(1) : argv);
  } catch (error) {
    console.error(`demo: ${(error as Error).message}\nRun "demo --help" for the options.`);
    return 2;
  }
  return runCommand(parsed);
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      documents: { type: 'string', default: '2000' },
      follow: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      plain: { type: 'boolean', default: false },
      faults: { type: 'string', default: '0' },
      'port-base': { type: 'string' },
      https: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      settings: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      'base-url': { type: 'string' },
    },
  });
}

async function runCommand(parsed: ReturnType<typeof parseCli>): Promise<number> {
  const { values, positionals } = parsed;
  const command = positionals[0] ?? 'run';
  if (values.help || command === 'help') {
    console.log(HELP);
    return 0;
  }
  if (command === 'partial-update' || command === 'partial-update-server') {
    return partialUpdateCommand(command, values);
  }
  const documents = Number(values.documents);
  const faults = Number(values.faults);
  if (!Number.isInteger(documents) || documents < 1 || documents > 1_000_000) {
    console.error('demo: --documents must be a whole number from 1 to 1000000');
    return 2;
  }
  if (!(faults >= 0 && faults <= 0.5)) {
    console.error('demo: --faults must be a rate from 0 to 0.5');
    return 2;
  }
  const portBase = values['port-base'] === undefined ? undefined : Number(values['port-base']);
  if (portBase !== undefined && !(Number.isInteger(portBase) && portBase > 0 && portBase < 65500)) {
    console.error('demo: --port-base must be a port number');
    return 2;
  }
  try {
    const config = readDemoConfig();
    const services = await startServices(config, {
      port: (n) => (portBase === undefined ? undefined : portBase + n),
      // TLS only for `serve`: the pipeline's own clients talk to the embedded services over HTTP.
      https: command === 'serve' && values.https === true,
    });
    try {
      if (command === 'serve') return await serve(services.endpoints);
      if (command !== 'run') {
        console.error(`demo: unknown command "${command}" (try run, serve or --help)`);
        return 2;
      }
      services.setFaultRate(faults);
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const progress = createProgress(
        process.stderr,
        // Bars only when stdout is a terminal (progress itself goes to stderr).
        values.json ? 'silent' : values.plain || !process.stdout.isTTY ? 'plain' : 'auto',
      );
      for (const [name, where] of Object.entries(services.describe))
        progress.log(`${name}: ${where}`);
      const metrics = await runPipeline(services, {
        documents,
        follow: values.follow,
        signal: controller.signal,
        progress,
      });
      if (values.json) console.log(JSON.stringify(summaryJson(metrics)));
      else console.log(`${renderSummary(metrics)}\n${NEXT_STEPS}`);
      return metrics.errors > 0 ? 1 : 0;
    } finally {
      await services.close();
    }
  } catch (error) {
    if (error instanceof DemoConfigError) console.error(`demo: ${error.message}`);
    else if (isSdkError(error)) console.error(`demo: ${error.name}: ${error.message}`);
    else console.error(`demo: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

/** Prints the embedded services' URLs and credentials as one JSON line, then waits for a signal. */
async function serve(endpoints: Record<string, Record<string, string>>): Promise<number> {
  console.log(JSON.stringify(endpoints));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return 0;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  // Exit explicitly: express-pouchdb 4.2 leaks a heartbeat interval for every longpoll `_changes`
  // request cancelled by its client (as --follow does when stopped), which would keep us alive.
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

async function partialUpdateCommand(
  command: 'partial-update' | 'partial-update-server',
  values: {
    settings?: string | undefined;
    data?: string | undefined;
    port?: string | undefined;
    'base-url'?: string | undefined;
  },
): Promise<number> {
  const baseUrl = values['base-url'];
  try {
    if (command === 'partial-update') {
      if (!values.settings || !values.data) {
        console.error(
          'demo: partial-update needs --settings settings.json and --data newdata.json',
        );
        return 2;
      }
      console.log(await runPartialUpdateTool(values.settings, values.data, baseUrl));
      return 0;
    }
    const port = Number(values.port ?? 8080);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error('demo: --port must be a port number');
      return 2;
    }
    const server = await startPartialUpdateServer(port, baseUrl);
    console.log(JSON.stringify({ partialUpdateServer: server.url }));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await server.close();
    return 0;
  } catch (error) {
    console.error(`demo: ${(error as Error).message}`);
    return 1;
  }
}
