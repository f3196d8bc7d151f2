import { isEpoch, takeUpload } from './push-routes.js';
import { answer, coveoError, isProblem, tooLarge } from './simulator-errors.js';
import type { SimState } from './simulator-state.js';
import { checkIdentityBody, type IdentityRoute } from './wire-identity.js';

const ROUTE = /^\/providers\/([^/]+)\/(permissions|mappings)(\/olderthan|\/batch)?$/;

/**
 * `/providers/{provider}/…`: create or update an identity (`PUT permissions`), an alias
 * (`PUT mappings`), delete one (`DELETE permissions` with `{identity}`), delete older than
 * (`orderingId`, `queueDelay`) and the batch form (`fileId`, `orderingId`). Bodies are checked,
 * requests are at most 6 MB, and each accepted call is recorded for `securityIdentities()`.
 */
export async function identityRoute(
  state: SimState,
  rest: string,
  req: Request,
  url: URL,
): Promise<Response | undefined> {
  const m = ROUTE.exec(rest);
  if (!m) return undefined;
  const [, provider = '', kind = '', suffix = ''] = m;
  const operation = `${req.method} ${kind}${suffix}`;
  const q = url.searchParams;
  const bad = (message: string) => coveoError(400, 'INVALID_PARAMETER', message);
  let body: unknown;
  if (operation === 'DELETE permissions/olderthan') {
    if (!isEpoch(q.get('orderingId'))) return bad('orderingId must be epoch milliseconds');
    const delay = q.get('queueDelay');
    if (delay !== null && !isEpoch(delay)) return bad('queueDelay must be minutes');
  } else if (operation === 'PUT permissions/batch') {
    const orderingId = q.get('orderingId');
    if (orderingId !== null && !isEpoch(orderingId))
      return bad('orderingId must be epoch milliseconds');
    const fileId = q.get('fileId');
    const text = takeUpload(state, fileId);
    if (typeof text !== 'string') return text;
    body = checkIdentityBody(text, 'batch');
    if (isProblem(body) && !state.strictBatches) {
      // Taken, then refused whole: no identity changes.
      state.rejected.push({
        operation,
        sourceId: provider,
        fileId: fileId ?? '',
        entry: '',
        documentId: undefined,
        errorCode: body.errorCode,
        message: body.message,
      });
      return Response.json(null, { status: 202 });
    }
  } else {
    const route: IdentityRoute | undefined =
      operation === 'PUT permissions'
        ? 'permissions'
        : operation === 'PUT mappings'
          ? 'mappings'
          : operation === 'DELETE permissions'
            ? 'delete'
            : undefined;
    if (!route) return undefined;
    const text = await req.text();
    if (Buffer.byteLength(text) > state.limits.requestBytes)
      return answer(tooLarge('A security identity request holds at most 6 MB'));
    body = checkIdentityBody(text, route);
  }
  if (isProblem(body)) return answer(body);
  const calls = state.identities.get(provider) ?? [];
  state.identities.set(provider, calls);
  calls.push({ operation, query: Object.fromEntries(q), body });
  return Response.json(null, { status: 202 });
}
