import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { isSdkError, toProblems } from '@connectorkit/http-core';
import { PartialUpdateRequestSchema, partialUpdate } from '@connectorkit/push-client';
import * as v from 'valibot';

/** Thrown for bad input files; the CLI prints the message alone. */
export class PartialUpdateInputError extends Error {
  override name = 'PartialUpdateInputError';
}

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new PartialUpdateInputError(`cannot read the ${what} file ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PartialUpdateInputError(
      `the ${what} file ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return toProblems(issues)
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
    .join('; ');
}

/** `demo partial-update --settings s.json --data newdata.json`: prints the seed's response JSON. */
export async function runPartialUpdateTool(
  settingsPath: string,
  dataPath: string,
  baseUrl?: string,
): Promise<string> {
  const settings = await readJson(settingsPath, 'settings');
  const newdata = await readJson(dataPath, 'data');
  const parsed = v.safeParse(PartialUpdateRequestSchema, { ...(settings as object), newdata });
  if (!parsed.success)
    throw new PartialUpdateInputError(`invalid input: ${describeIssues(parsed.issues)}`);
  const { newdata: data, ...rest } = parsed.output;
  const answer = await partialUpdate(rest, data, baseUrl ? { baseUrl } : {});
  return JSON.stringify(answer, null, 2);
}

/**
 * `demo partial-update-server --port N`: the seed's REST proxy. POST the seed's JSON body (the
 * settings and `newdata`) and get the seed's response; an invalid body gets a 400 naming what is
 * wrong, a failing Coveo call a 502 with the error's message (never a key).
 */
export function startPartialUpdateServer(
  port: number,
  baseUrl?: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST')
      return send(405, { error: 'POST the partial update request as JSON' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { error: 'the body is not valid JSON' });
    }
    const parsed = v.safeParse(PartialUpdateRequestSchema, body);
    if (!parsed.success) return send(400, { error: describeIssues(parsed.issues) });
    const { newdata, ...settings } = parsed.output;
    try {
      return send(200, await partialUpdate(settings, newdata, baseUrl ? { baseUrl } : {}));
    } catch (error) {
      return send(isSdkError(error) && error.code === 'INPUT_VALIDATION_ERROR' ? 400 : 502, {
        error: (error as Error).message,
      });
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
