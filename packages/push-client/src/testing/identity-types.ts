/**
 * Identity types as the Push API takes them: case-insensitively (coveo/push-api-client.js#247),
 * so the official JS client's `User`, `Group` and `Unknown` (platform-client's
 * `PermissionIdentityType`) are `USER`, `GROUP` and `UNKNOWN`. Its `VirtualGroup` is taken as
 * `VIRTUAL_GROUP` too: the official client sends it, the docs spell only `VIRTUAL_GROUP`
 * (unverified whether the service maps it).
 */
const TYPES: ReadonlyMap<string, string> = new Map([
  ['user', 'USER'],
  ['group', 'GROUP'],
  ['virtual_group', 'VIRTUAL_GROUP'],
  ['virtualgroup', 'VIRTUAL_GROUP'],
  ['unknown', 'UNKNOWN'],
]);

/** The documented spelling of an identity type, or `undefined` when it is not one. */
export function identityType(value: unknown): string | undefined {
  return typeof value === 'string' ? TYPES.get(value.toLowerCase()) : undefined;
}

export const IDENTITY_TYPES_RULE =
  'must be USER, GROUP, VIRTUAL_GROUP or UNKNOWN (in any case; VirtualGroup too)';
