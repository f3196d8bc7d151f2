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

function connectorkit(url: string, token: string, project: string): Contender {
  const ams = new ArgoMessagingService({
    endpoint: url,
    token,
    project,
    tls: { rejectUnauthorized: false },
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

/**
 * Publishes BENCH_AMS_MESSAGES (default 100 000) messages in batches of BENCH_AMS_BATCH (100),
 * then pulls and acks them all in batches of the same size, against the AMS simulator in a child
 * process (or `--url`/`--token`/`--project` of a running one): messages/s, client CPU, peak RSS,
 * connectorkit against a plain-fetch loop doing the same work.
 */
export async function run(): Promise<void> {
  const total = Number(process.env.BENCH_AMS_MESSAGES ?? 100_000);
  const batch = Number(process.env.BENCH_AMS_BATCH ?? 100);
  const external = arg('url');
  const token = arg('token') ?? 'bench-token';
  const project = arg('project') ?? 'BENCH';
  const server = external
    ? { url: external, stop: () => {} }
    : await startChildServer(new URL('./servers/ams-simulator-server.ts', import.meta.url), [
        '--token',
        token,
        '--project',
        project,
      ]);
  const payload = 'x'.repeat(200);
  try {
    const contenders: Record<string, Contender> = {
      'plain fetch': plainFetch(server.url, token, project),
      connectorkit: connectorkit(server.url, token, project),
    };
    const figures: Figure[] = [];
    for (const [name, c] of Object.entries(contenders)) {
      const id = `${name.replace(/\W/g, '')}${Date.now()}`;
      await c.setup(`t${id}`, `s${id}`);
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
      figures.push({
        name,
        value: (total * 2) / seconds,
        unit: 'messages/s (publish + pull/ack)',
        extra: {
          'CPU µs/message': (cpu / total / 2).toFixed(1),
          'peak RSS MB': peakRssMb.toFixed(0),
        },
      });
    }
    printTable(
      `AMS: ${total} messages published in batches of ${batch}, then pulled and acked`,
      figures,
      {
        baseline: 'plain fetch',
        better: 'higher',
      },
    );
  } finally {
    server.stop();
  }
}
