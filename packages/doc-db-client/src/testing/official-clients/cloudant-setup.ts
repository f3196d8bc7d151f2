import { BasicAuthenticator, CloudantV1 } from '@ibm-cloud/cloudant';
import { ADMIN, startSimulator } from './setup.js';

/** A simulator and a CloudantV1 client with BasicAuthenticator pointed at it. */
export async function basicClient() {
  const running = await startSimulator();
  const client = new CloudantV1({ authenticator: new BasicAuthenticator(ADMIN) });
  client.setServiceUrl(running.url);
  return { ...running, client };
}

/** What the SDK rejects with (ibm-cloud-sdk-core's error, extended by the Cloudant SDK). */
export interface SdkError {
  status: number;
  message: string;
  result: {
    error?: string;
    reason?: string;
    errors?: { code: string; message: string }[];
    trace?: string;
  };
}

/** The rejection of a call, which must fail. */
export async function failure(call: Promise<unknown>): Promise<SdkError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as SdkError,
  );
  if (outcome === undefined) throw new Error('the call succeeded');
  return outcome;
}
