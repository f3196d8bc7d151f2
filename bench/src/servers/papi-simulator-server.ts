import { createPapiSimulator } from '@connectorkit/pushapi-conventions/testing';

// The Push API simulator in its own process for benchmarks: connector "bench", no credentials.
const sim = createPapiSimulator({ connectorName: 'bench' });
const server = await sim.listen();
process.send?.(server.url);
