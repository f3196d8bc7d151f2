import { writeFileSync } from 'node:fs';
import { createAmsSimulator } from '@connectorkit/messaging-client/testing';

// The AMS simulator in its own process, for the benchmark and for side-by-side runs of other
// clients (argo-ams-library needs `--tls`). Flags: --port N, --tls, --cert-file PATH (writes the
// generated certificate there, for REQUESTS_CA_BUNDLE), --token T, --project P.
// Prints {"ams":{"url","token","project"}} on stdout and sends the URL to a parent process.
// Both the x-api-key header and the older ?key= parameter are accepted (AMS `auth_option: both`).
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const token = arg('token') ?? 'bench-token';
const project = arg('project') ?? 'BENCH';
const port = arg('port');
const certFile = arg('cert-file');
const sim = createAmsSimulator({ token, project, authOption: 'both' });
const server = await sim.listen({
  ...(port ? { port: Number(port) } : {}),
  ...(process.argv.includes('--tls') ? { tls: true } : {}),
});
if (certFile && server.cert) writeFileSync(certFile, server.cert);
if (process.send) process.send(server.url);
else {
  console.log(JSON.stringify({ ams: { url: server.url, token, project } }));
  if (server.cert && !certFile) {
    console.error(`# trust this certificate (REQUESTS_CA_BUNDLE):\n${server.cert}`);
  }
}
