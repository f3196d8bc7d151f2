import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmsMessage, ArgoMessagingService } from '@connectorkit/messaging-client';
import { startChildServer } from './lib/child-server.js';
import { cpuMicros, type Figure, printTable, withPeakRss } from './lib/report.js';

interface Contender {
  publish(topic: string, datas: string[]): Promise<void>;
  /** Pulls up to `num` and acks them; returns how many came. */
  pullAck(sub: string, num: number): Promise<number>;
  setup(topic: string, sub: string): Promise<void>;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

function plainFetch(url: string, token: string, project: string): Contender {
  const base = `${url}/v1/projects/${project}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'x-api-key': token, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : {};
  };
  return {
    async setup(topic, sub) {
      await call('PUT', `/topics/${topic}`);
      await call('PUT', `/subscriptions/${sub}`, {
        topic: `projects/${project}/topics/${topic}`,
        ackDeadlineSeconds: 60,
      });
    },
    async publish(topic, datas) {
      const messages = datas.map((d) => ({
        data: Buffer.from(d).toString('base64'),
        attributes: { n: '1' },
      }));
      await call('POST', `/topics/${topic}:publish`, { messages });
    },
    async pullAck(sub, num) {
      const got = await call('POST', `/subscriptions/${sub}:pull`, {
        maxMessages: String(num),
        returnImmediately: 'true',
      });
      const received: Array<{ ackId: string; message: { data: string } }> =
        got.receivedMessages ?? [];
      for (const r of received) Buffer.from(r.message.data, 'base64');
      const last = received.at(-1);
      if (last) await call('POST', `/subscriptions/${sub}:acknowledge`, { ackIds: [last.ackId] });
      return received.length;
    },
  };
}

function connectorkit(url: string, token: string, project: string, ca?: string): Contender {
  const ams = new ArgoMessagingService({
    endpoint: url,
    token,
    project,
    ...(ca ? { tls: { ca } } : {}),
  });
  return {
    async setup(topic, sub) {
      await ams.createTopic(topic);
      await ams.createSub(sub, topic, { ackDeadlineSeconds: 60 });
    },
    async publish(topic, datas) {
      await ams.publish(
        topic,
        datas.map((data) => new AmsMessage({ data, attributes: { n: '1' } })),
      );
    },
    async pullAck(sub, num) {
      const received = await ams.pullSub(sub, { num });
      const last = received.at(-1);
      if (last) await ams.ackSub(sub, [last.ackId]);
      return received.length;
    },
  };
}

const PYTHON_SCRIPT = fileURLToPath(new URL('../python/ams_publish_pull.py', import.meta.url));

interface PythonRun {
  figure?: Figure;
  /** Why there is no figure, and how to get one. */
  note?: string;
  check?: unknown;
}

/**
 * The same work with the Python argo-ams-library, in its own process, over HTTPS on the same
 * simulator code: python3 (or AMS_PYTHON) with AMS_PYTHON_PATH put first on PYTHONPATH.
 */
function runPython(
  url: string,
  token: string,
  project: string,
  ca: string,
  total: number,
  batch: number,
): PythonRun {
  const python = process.env.AMS_PYTHON ?? 'python3';
  const env = {
    ...process.env,
    PYTHONPATH: [process.env.AMS_PYTHON_PATH, process.env.PYTHONPATH]
      .filter(Boolean)
      .join(delimiter),
  };
  const how =
    'to compare with the Python argo-ams-library, make `python3 -c "import argo_ams_library"` work ' +
    '(pip install argo-ams-library, or AMS_PYTHON_PATH=<folder holding argo_ams_library/>) and run this again';
  const probe = spawnSync(python, ['-c', 'import argo_ams_library'], { env, encoding: 'utf8' });
  if (probe.status !== 0) return { note: `argo-ams-library: not importable; ${how}` };
  const endpoint = new URL(url).host;
  const args = [PYTHON_SCRIPT, '--endpoint', endpoint, '--token', token, '--project', project];
  args.push('--ca', ca, '--messages', String(total), '--batch', String(batch));
  const run = spawnSync(python, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(last) as Record<string, unknown>;
  } catch {
    return {
      note: `argo-ams-library run failed (exit ${run.status}): ${run.stderr.trim().slice(-800)}`,
    };
  }
  if (typeof result.messages_per_s !== 'number') {
    return { note: `argo-ams-library run failed: ${last}` };
  }
  return {
    figure: {
      name: 'argo-ams-library (https)',
      value: result.messages_per_s,
      unit: 'messages/s (publish + pull/ack)',
      extra: {
        'CPU µs/message': String(result.cpu_us_per_message),
        'peak RSS MB': String(Math.round(Number(result.peak_rss_mb))),
      },
    },
    check: result.check,
  };
}

async function measure(name: string, c: Contender, total: number, batch: number): Promise<Figure> {
  const id = `${name.replace(/\W/g, '')}${Date.now()}`;
  await c.setup(`t${id}`, `s${id}`);
  const payload = 'x'.repeat(200);
  const started = performance.now();
  let pulled = 0;
  const { result: cpu, peakRssMb } = await withPeakRss(() =>
    cpuMicros(async () => {
      for (let i = 0; i < total; i += batch) {
        await c.publish(
          `t${id}`,
          Array.from({ length: Math.min(batch, total - i) }, (_, k) => `${i + k}:${payload}`),
        );
      }
      while (pulled < total) {
        const n = await c.pullAck(`s${id}`, batch);
        if (n === 0) throw new Error(`${name}: backlog empty after ${pulled} of ${total}`);
        pulled += n;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    value: (total * 2) / seconds,
    unit: 'messages/s (publish + pull/ack)',
    extra: {
      'CPU µs/message': (cpu / total / 2).toFixed(1),
      'peak RSS MB': peakRssMb.toFixed(0),
    },
  };
}

/**
 * Publishes BENCH_AMS_MESSAGES (default 100 000) messages in batches of BENCH_AMS_BATCH (100),
 * then pulls and acks them all in batches of the same size, one request at a time, against the
 * AMS simulator in child processes: messages/s, client CPU and peak RSS of connectorkit and a
 * plain-fetch loop over HTTP, and of connectorkit and the Python argo-ams-library (when
 * importable; bench/python/ams_publish_pull.py) over HTTPS, the only scheme that library speaks.
 * `--url`/`--token`/`--project` point the HTTP runs at a running simulator instead.
 */
export async function run(): Promise<void> {
  const total = Number(process.env.BENCH_AMS_MESSAGES ?? 100_000);
  const batch = Number(process.env.BENCH_AMS_BATCH ?? 100);
  const external = arg('url');
  const token = arg('token') ?? 'bench-token';
  const project = arg('project') ?? 'BENCH';
  const script = new URL('./servers/ams-simulator-server.ts', import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'ams-bench-'));
  const certFile = join(dir, 'cert.pem');
  const plain = external
    ? { url: external, stop: () => {} }
    : await startChildServer(script, ['--token', token, '--project', project]);
  const tls = await startChildServer(script, [
    '--tls',
    '--cert-file',
    certFile,
    '--token',
    token,
    '--project',
    project,
  ]);
  try {
    const ca = readFileSync(certFile, 'utf8');
    const figures: Figure[] = [
      await measure('plain fetch', plainFetch(plain.url, token, project), total, batch),
      await measure('connectorkit', connectorkit(plain.url, token, project), total, batch),
      await measure(
        'connectorkit (https)',
        connectorkit(tls.url, token, project, ca),
        total,
        batch,
      ),
    ];
    const python = runPython(tls.url, token, project, certFile, total, batch);
    if (python.figure) figures.push(python.figure);
    printTable(
      `AMS: ${total} messages published in batches of ${batch}, then pulled and acked`,
      figures,
      { baseline: 'plain fetch', better: 'higher' },
    );
    const ours = figures.find((f) => f.name === 'connectorkit (https)');
    if (python.figure && ours) {
      const ratio = ours.value / python.figure.value;
      const cpu = (f: Figure) => Number(f.extra?.['CPU µs/message']);
      console.log(
        `connectorkit / argo-ams-library, both over HTTPS on the simulator: ${ratio.toFixed(2)}x ` +
          `the messages/s (target 5x: ${ratio >= 5 ? 'met' : 'not met'}), ` +
          `${(cpu(python.figure) / cpu(ours)).toFixed(2)}x less client CPU per message; ` +
          `the library's own cross-check of the simulator: ${JSON.stringify(python.check)}`,
      );
    } else console.log(python.note);
  } finally {
    plain.stop();
    tls.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
