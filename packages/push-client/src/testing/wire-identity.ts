import * as v from 'valibot';
import {
  SecurityIdentityAliasModelSchema,
  SecurityIdentityDeleteSchema,
  SecurityIdentityModelSchema,
} from '../security-identities.js';
import { identityType } from './identity-types.js';
import { invalidJson, type WireProblem } from './simulator-errors.js';

/** The body each security-identity route takes. */
export type IdentityRoute = 'permissions' | 'mappings' | 'delete' | 'batch';

const BatchSchema = v.strictObject({
  members: v.optional(v.array(SecurityIdentityModelSchema)),
  mappings: v.optional(v.array(SecurityIdentityAliasModelSchema)),
  deleted: v.optional(v.array(SecurityIdentityDeleteSchema)),
});
const SCHEMAS: Record<IdentityRoute, v.GenericSchema> = {
  permissions: SecurityIdentityModelSchema,
  mappings: SecurityIdentityAliasModelSchema,
  delete: SecurityIdentityDeleteSchema,
  batch: BatchSchema,
};

/**
 * Keys in camel case, as the Python client sends the same models with Pascal-case keys
 * (`{"Identity": {"Name", "Type"}}`); `additionalInfo` keeps its own keys. Identity types in
 * their documented spelling (the service takes them in any case).
 */
function camelKeys(value: unknown, keep = false): unknown {
  if (Array.isArray(value)) return value.map((x) => camelKeys(x));
  if (typeof value !== 'object' || value === null || keep) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, x]) => {
      const key = k.charAt(0).toLowerCase() + k.slice(1);
      if (key === 'type') return [key, identityType(x) ?? x];
      return [key, camelKeys(x, key === 'additionalInfo')];
    }),
  );
}

/**
 * Parses and checks a security-identity body: `{identity:{name, type, additionalInfo}, members,
 * wellKnowns}`, an alias with `mappings` (each with its `provider`), `{identity}` to delete, or a
 * batch `{members, mappings, deleted}`; `type` is USER, GROUP, VIRTUAL_GROUP or UNKNOWN in any
 * case (recorded in that spelling).
 * Anything else is a 400 `INVALID_JSON` naming the first issue.
 */
export function checkIdentityBody(text: string, route: IdentityRoute): unknown | WireProblem {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return invalidJson('The body is not valid JSON');
  }
  const parsed = v.safeParse(SCHEMAS[route], camelKeys(raw));
  if (parsed.success) return parsed.output;
  const issue = parsed.issues[0];
  const path = (issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.');
  return invalidJson(`${path || 'body'}: ${issue.message}`);
}
