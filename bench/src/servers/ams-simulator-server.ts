import { createAmsSimulator } from '@connectorkit/messaging-client/testing';

// The AMS simulator in its own process, for the benchmark and for side-by-side runs of other
// clients (argo-ams-library needs `--tls`). Flags: --port N, --tls, --token T, --project P.
// Prints {"ams":{"url","token","project"}} on stdout and sends the URL to a parent process.
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const token = arg('token') ?? 'bench-token';
const project = arg('project') ?? 'BENCH';
const port = arg('port');
const sim = createAmsSimulator({ token, project });
const server = await sim.listen({
  ...(port ? { port: Number(port) } : {}),
  ...(process.argv.includes('--tls') ? { tls: true } : {}),
});
if (process.send) process.send(server.url);
else {
  console.log(JSON.stringify({ ams: { url: server.url, token, project } }));
  if (server.cert) console.error(`# trust this certificate (REQUESTS_CA_BUNDLE):\n${server.cert}`);
}
