import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSelfSignedCertificate } from '@connectorkit/http-core/testing';
import { type CoveoSimulator, type CoveoSimulatorOptions, createCoveoSimulator } from './index.js';

/** What one flow of the official client did. */
export interface FlowOutcome {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string; errors: string[] };
  /** Hosts the client asked for, in order (Coveo hosts before they were routed). */
  hosts: string[];
}

export type Scheme = 'http' | 'https';

/** A child process running `@coveo/push-api-client` 4.0.1, and simulators it talks to. */
export interface OfficialClient {
  version: string;
  /** Starts a simulator (key `official-key`, org `org1`) over this scheme. */
  simulator(options?: CoveoSimulatorOptions): Promise<CoveoSimulator>;
  /** Runs one flow of official-client-child.cjs against the last simulator started. */
  run(flow: string, args?: Record<string, unknown>): Promise<FlowOutcome>;
  /** Like `run`, and throws when the flow failed. */
  ok(flow: string, args?: Record<string, unknown>): Promise<unknown>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./official-client-child.cjs', import.meta.url));

/**
 * Forks the official client. Over HTTPS, the simulator serves a fresh self-signed certificate
 * that the child trusts through NODE_EXTRA_CA_CERTS, as a user's Node process would.
 */
export async function startOfficialClient(scheme: Scheme): Promise<OfficialClient> {
  const dir = mkdtempSync(join(tmpdir(), 'official-ca-'));
  const cert = scheme === 'https' ? createSelfSignedCertificate() : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  if (cert) {
    const file = join(dir, 'simulator-ca.pem');
    writeFileSync(file, cert.cert);
    env.NODE_EXTRA_CA_CERTS = file;
  }
  const child: ChildProcess = fork(CHILD, [], { execArgv: [], env, stdio: 'inherit' });
  const pending = new Map<number, (outcome: FlowOutcome) => void>();
  const version = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the official client exited with ${code}`)));
    child.once('message', (m) => resolve((m as { version: string }).version));
  });
  child.on('message', (m) => {
    const { id, ...outcome } = m as FlowOutcome & { id?: number };
    if (id !== undefined) pending.get(id)?.(outcome);
    if (id !== undefined) pending.delete(id);
  });
  const closers: (() => Promise<void>)[] = [];
  let url = '';
  let serial = 0;
  const run = (flow: string, args: Record<string, unknown> = {}) =>
    new Promise<FlowOutcome>((resolve) => {
      const id = ++serial;
      pending.set(id, resolve);
      child.send({ id, flow, url, args });
    });
  return {
    version,
    simulator: async (options = {}) => {
      await Promise.all(closers.splice(0).map((c) => c()));
      const sim = createCoveoSimulator({
        apiKeys: ['official-key'],
        organizationId: 'org1',
        ...options,
      });
      const server = await sim.listen(cert ? { tls: cert } : {});
      closers.push(server.close);
      url = server.url;
      return sim;
    },
    run,
    ok: async (flow, args) => {
      const outcome = await run(flow, args);
      if (!outcome.ok)
        throw new Error(
          `${flow}: ${outcome.error?.name} ${outcome.error?.message} ${outcome.error?.errors.join('; ')}`,
        );
      return outcome.value;
    },
    stop: async () => {
      child.removeAllListeners('exit');
      child.kill();
      await Promise.all(closers.splice(0).map((c) => c()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
