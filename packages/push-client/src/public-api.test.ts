import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'AnySecurityIdentityBuilder',
    'BatchUpdateError',
    'BuiltInTransformers',
    'DEFAULT_BACKOFF',
    'DocumentBuilder',
    'GroupSecurityIdentityBuilder',
    'LIMITS',
    'PermissionSetBuilder',
    'PushSource',
    'RESERVED_KEYS',
    'SecurityIdentities',
    'UserSecurityIdentityBuilder',
    'VERSION',
    'VirtualGroupSecurityIdentityBuilder',
    'isBatchUpdateError',
    'permanentId',
  ]);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual(['VERSION']);
});
