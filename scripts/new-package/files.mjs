// The files of a new package, by path: see scripts/new-package.mjs and CONTRIBUTING.md,
// "How a package talks to its service".

const pascal = (kebab) =>
  kebab
    .split('-')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

const entry = (base) => ({
  import: { types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` },
  require: { types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` },
});

/** Every file of packages/<folder>, its text by relative path (LICENSE is copied apart). */
export function packageFiles(folder, purpose) {
  const name = `@connectorkit/${folder}`;
  // `shop-client` → Shop (classes ShopError, createShopClient, SHOP_URL); `foo-bar` → FooBar.
  const base = pascal(folder.replace(/-client$/, ''));
  const env = base.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
  const factory = `create${base}Client`;

  const pkg = {
    name,
    version: '0.0.0',
    description: purpose,
    license: 'Apache-2.0',
    author: 'The connectorkit authors',
    keywords: [folder, 'sdk', 'client'],
    homepage: `https://github.com/connectorkit/connectorkit/tree/main/packages/${folder}#readme`,
    bugs: { url: 'https://github.com/connectorkit/connectorkit/issues' },
    type: 'module',
    sideEffects: false,
    engines: { node: '>=20.19' },
    repository: {
      type: 'git',
      url: 'git+https://github.com/connectorkit/connectorkit.git',
      directory: `packages/${folder}`,
    },
    publishConfig: { access: 'public', provenance: true },
    files: ['dist', 'testing/package.json', 'CHANGELOG.md'],
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.cts',
    exports: {
      '.': entry('index'),
      './testing': entry('testing'),
      './package.json': './package.json',
    },
    scripts: {
      build: 'tsup',
      dev: 'tsup --watch',
      test: 'vitest run',
      'test:watch': 'vitest',
      typecheck: 'tsc --noEmit',
      'check:package': 'publint --strict && attw --pack .',
      size: 'size-limit',
      clean: 'rm -rf dist coverage .turbo',
    },
    'size-limit': [
      {
        path: 'dist/index.js',
        limit: '2 kB',
        ignore: ['@connectorkit/http-core', 'node:http', 'node:https'],
      },
    ],
    dependencies: { '@connectorkit/http-core': 'workspace:^' },
    devDependencies: Object.fromEntries(
      [
        '@arethetypeswrong/cli',
        '@size-limit/preset-small-lib',
        '@types/node',
        '@vitest/coverage-v8',
        'publint',
        'size-limit',
        'tsup',
        'typescript',
        'valibot',
        'vitest',
      ].map((dependency) => [dependency, 'catalog:']),
    ),
  };

  return {
    'package.json': json(pkg),
    'tsconfig.json': json({ extends: '../../tsconfig.base.json', include: ['src'] }),
    'testing/package.json': json({
      private: true,
      main: '../dist/testing.cjs',
      module: '../dist/testing.js',
      types: '../dist/testing.d.cts',
    }),
    'tsup.config.ts': `import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  // valibot is bundled (tree-shaken, types inlined) and no source maps are published: see
  // CONTRIBUTING.md, "Packaging". Keep valibot under devDependencies.
  noExternal: ['valibot'],
  dts: { resolve: ['valibot'] },
  clean: true,
  target: 'node20',
  removeNodeProtocol: false,
  define: { __VERSION__: JSON.stringify(version) },
});
`,
    'vitest.config.ts': `import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    // Every function the public entry reaches is called by some test; the second report lists
    // the ones no test called.
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/testing/**', 'src/index.ts'],
      reporter: [
        ['text-summary'],
        [fileURLToPath(new URL('../../scripts/uncovered-functions.cjs', import.meta.url)), {}],
      ],
      thresholds: { functions: 95 },
    },
  },
});
`,
    'src/version.ts': `declare const __VERSION__: string | undefined;

/** This package's version (replaced at build time; \`0.0.0-dev\` when run from source). */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
`,
    'src/errors.ts': `import { defineError, errorGuard, HttpError } from '@connectorkit/http-core';

/** Any error answer of the service: an http-core \`HttpError\` with the service's code and message. */
export const ${base}Error: typeof HttpError = defineError(HttpError, '${base}Error');
/** 404: no such item. */
export const ${base}NotFoundError: typeof HttpError = defineError(${base}Error, '${base}NotFoundError');

/** True for any {@link ${base}Error}, whichever installed copy of the package threw it. */
export const is${base}Error: (value: unknown) => value is HttpError = errorGuard('${base}Error');
/** True for a {@link ${base}NotFoundError} (404), whichever installed copy threw it. */
export const is${base}NotFoundError: (value: unknown) => value is HttpError =
  errorGuard('${base}NotFoundError');
`,
    'src/service.ts': `import { defineService, type Service } from '@connectorkit/http-core';
import * as v from 'valibot';
import { ${base}Error, ${base}NotFoundError } from './errors.js';
import { VERSION } from './version.js';

/** The service's error body. TODO: the real envelope of the service. */
const ErrorBody = v.object({ code: v.string(), message: v.optional(v.string()) });

/**
 * How this package talks to its service, in one place: the error envelope and the class each
 * failure becomes, the documented retry policy, the default transport and the environment.
 */
export const service: Service = defineService({
  name: '${folder}',
  version: VERSION,
  errorEnvelope: { schema: ErrorBody, code: (body) => body.code, message: (body) => body.message },
  errors: { byStatus: { 404: ${base}NotFoundError }, fallback: ${base}Error },
  retry: { limit: 4, baseDelay: 500, maxDelay: 30_000, statusCodes: [408, 429, 500, 502, 503, 504] },
  transport: 'node',
  env: { ${env}_URL: 'baseUrl' },
});
`,
    'src/create-client.ts': `import {
  buildPath,
  ConfigError,
  type HttpClient,
  type ServiceClientOptions,
  validateInput,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import { service } from './service.js';

/** Options of {@link ${factory}}: the options every connectorkit client accepts. */
export type ${base}ClientOptions = ServiceClientOptions;

/** Per-call options. */
export interface ${base}CallOptions {
  /** Aborts the call, its retries and their waits. */
  signal?: AbortSignal;
}

/** An item of the service. TODO: the service's own resources. */
export interface Item {
  id: string;
  name: string;
}

const ItemSchema: v.GenericSchema<Item> = v.object({
  id: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  name: v.string(),
});

/** A client of the service; one instance serves any number of concurrent calls. */
export interface ${base}Client {
  /** The http-core client underneath, for routes this package does not wrap. */
  readonly http: HttpClient;
  /** Reads one item. @throws {HttpError} \`${base}NotFoundError\` (404) when there is none. */
  getItem(id: string, options?: ${base}CallOptions): Promise<Item>;
  /** Writes one item. @throws {InputValidationError} naming the bad field, before any request. */
  putItem(item: Item, options?: ${base}CallOptions): Promise<Item>;
}

/** {@link ${factory}}: a client from options, or from the environment. */
export interface ${base}ClientFactory {
  /**
   * Creates a client of the service.
   * @example
   * const client = ${factory}({ baseUrl: 'http://127.0.0.1:8080' });
   * await client.putItem({ id: 'a', name: 'first' });
   */
  (options: ${base}ClientOptions): ${base}Client;
  /**
   * Creates a client from \`${env}_URL\` (default \`process.env\`), then \`overrides\`.
   * @throws {ConfigError} naming the variable when it is missing.
   */
  fromEnvironment(
    env?: Readonly<Record<string, string | undefined>>,
    overrides?: ${base}ClientOptions,
  ): ${base}Client;
}

function createClient(options: ${base}ClientOptions): ${base}Client {
  const http = service.createHttp(options);
  return {
    http,
    getItem: async (id, { signal } = {}) =>
      http.get(buildPath('/items/{id}', { id }), { schema: ItemSchema, signal }),
    putItem: async (item, { signal } = {}) => {
      const checked = validateInput(ItemSchema, item, 'item');
      return http.put(buildPath('/items/{id}', { id: checked.id }), {
        json: checked,
        schema: ItemSchema,
        signal,
      });
    },
  };
}

function fromEnvironment(
  env?: Readonly<Record<string, string | undefined>>,
  overrides: ${base}ClientOptions = {},
): ${base}Client {
  const options = { ...service.fromEnvironment(env), ...overrides };
  if (!options.baseUrl) {
    throw new ConfigError({
      context: '${folder}',
      problems: [{ path: '${env}_URL', message: 'is required (the service URL)' }],
    });
  }
  return createClient(options);
}

/** Creates a client of the service (see {@link ${base}ClientFactory}). */
export const ${factory}: ${base}ClientFactory = Object.assign(createClient, { fromEnvironment });
`,
    'src/index.ts': `export {
  ${factory},
  type ${base}CallOptions,
  type ${base}Client,
  type ${base}ClientFactory,
  type ${base}ClientOptions,
  type Item,
} from './create-client.js';
export { ${base}Error, ${base}NotFoundError, is${base}Error, is${base}NotFoundError } from './errors.js';
export { service } from './service.js';
export { VERSION } from './version.js';
`,
    'src/testing/simulator.ts': `import {
  createSimulatorServer,
  type FaultInjector,
  type FaultInjectorOptions,
  type SimulatorServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';

/** Options of {@link create${base}Simulator}. */
export interface ${base}SimulatorOptions {
  /** Faults in front of every route: an injector, or the options of a new one. */
  faults?: FaultInjector | FaultInjectorOptions;
}

/** The service simulated in memory: its routes on http-core's simulator base, plus its state. */
export interface ${base}Simulator extends SimulatorServer {
  /** The stored items, by id. */
  readonly items: Map<string, unknown>;
}

const jsonAnswer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * Simulates the service for tests: \`listen()\` on loopback or \`fetch\` in process.
 * TODO: the service's routes and its error envelope.
 */
export function create${base}Simulator(options: ${base}SimulatorOptions = {}): ${base}Simulator {
  const items = new Map<string, unknown>();
  const routes = async (request: Request): Promise<Response> => {
    const match = /^\\/items\\/([^/]+)$/.exec(new URL(request.url).pathname);
    if (!match) return jsonAnswer(404, { code: 'not_found', message: 'no such route' });
    const id = decodeURIComponent(match[1] as string);
    if (request.method === 'PUT') {
      items.set(id, await request.json());
      return jsonAnswer(200, items.get(id));
    }
    if (request.method !== 'GET') return jsonAnswer(405, { code: 'method_not_allowed' });
    return items.has(id)
      ? jsonAnswer(200, items.get(id))
      : jsonAnswer(404, { code: 'not_found', message: \`no item \${id}\` });
  };
  const server = createSimulatorServer({
    handler: toNodeHandler(routes),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return { ...server, items };
}
`,
    'src/testing/index.ts': `export {
  create${base}Simulator,
  type ${base}Simulator,
  type ${base}SimulatorOptions,
} from './simulator.js';
`,
    'src/client.test.ts': `import { isHttpError, isInputValidationError } from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import { ${factory}, is${base}NotFoundError } from './index.js';
import { create${base}Simulator } from './testing/index.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function started() {
  const simulator = create${base}Simulator();
  const server = await simulator.listen();
  closers.push(server.close);
  return { simulator, client: ${factory}({ baseUrl: server.url, retry: false }) };
}

describe('${factory}', () => {
  it('writes and reads an item over HTTP', async () => {
    const { client } = await started();
    await client.putItem({ id: 'a/b', name: 'first' });
    expect(await client.getItem('a/b')).toEqual({ id: 'a/b', name: 'first' });
  });

  it('turns a 404 into its own class, which is an HttpError with the service code', async () => {
    const { client } = await started();
    const error = await client.getItem('missing').catch((e: unknown) => e);
    expect(is${base}NotFoundError(error)).toBe(true);
    expect(isHttpError(error) && error.status).toBe(404);
    expect(isHttpError(error) && error.serviceCode).toBe('not_found');
  });

  it('gives injected 409, 429 and 500 as HttpErrors with that status', async () => {
    const { simulator, client } = await started();
    for (const status of [409, 429, 500]) {
      simulator.faults.failNext(1, status);
      const error = await client.getItem('a').catch((e: unknown) => e);
      expect(isHttpError(error) && error.status).toBe(status);
    }
  });

  it('refuses a bad item before any request, naming the field', async () => {
    const { simulator, client } = await started();
    const error = await client.putItem({ id: '', name: 'x' }).catch((e: unknown) => e);
    expect(isInputValidationError(error) && error.message).toContain('item.id');
    expect(simulator.items.size).toBe(0);
  });

  it('is made from the environment, naming a missing variable', async () => {
    const { client } = await started();
    const url = client.http.options.baseUrl as string;
    const fromEnv = ${factory}.fromEnvironment({ ${env}_URL: url }, { retry: false });
    await expect(fromEnv.getItem('missing')).rejects.toThrow();
    expect(() => ${factory}.fromEnvironment({})).toThrow(/${env}_URL/);
  });
});
`,
    'README.md': `# ${name}

${purpose}

\`\`\`ts
import { ${factory}, isHttpError } from '${name}';

const client = ${factory}({ baseUrl: 'http://127.0.0.1:8080' });
await client.putItem({ id: 'a', name: 'first' });
try {
  await client.getItem('missing');
} catch (error) {
  if (isHttpError(error) && error.status === 404) console.log('no such item');
}
\`\`\`

## Install

\`\`\`sh
npm install ${name}
\`\`\`

## Options

Every common connectorkit option (\`baseUrl\`, \`fetch\`, \`transport\`, \`headers\`, \`timeout\`, \`retry\`,
\`auth\`, \`plugins\`, \`logger\`, \`tls\`, \`http\`), and \`${factory}.fromEnvironment()\` reads
\`${env}_URL\`.

## Errors

Every failed call is an http-core \`HttpError\` (\`status\`, \`statusText\`, \`serviceCode\`,
\`serviceMessage\`, \`requestId\`, \`retryCount\`): \`${base}NotFoundError\` for a 404, \`${base}Error\`
for any other error answer. Bad input is an \`InputValidationError\` naming the field, before any
request.

## Testing

\`create${base}Simulator()\` from \`${name}/testing\`: \`listen()\` on loopback, \`fetch\` in process,
\`faults.failNext(n, status)\`.

## Compatibility

Node.js ≥ 20.19, Bun, Deno and browsers (fetch).

## Changelog

See [CHANGELOG.md](./CHANGELOG.md).
`,
  };
}
