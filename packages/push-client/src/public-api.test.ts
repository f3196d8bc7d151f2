import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'AnySecurityIdentityBuilder',
    'BatchUpdateError',
    'BuiltInTransformers',
    'CatalogSource',
    'DEFAULT_BACKOFF',
    'DocumentBuilder',
    'FieldAnalyser',
    'GroupSecurityIdentityBuilder',
    'LIMITS',
    'PartialUpdateDataSchema',
    'PartialUpdateRequestSchema',
    'PartialUpdateResponseSchema',
    'PartialUpdateSchema',
    'PartialUpdateSettingsSchema',
    'PermissionSetBuilder',
    'PlatformEnvironment',
    'PushSource',
    'RESERVED_KEYS',
    'Region',
    'SecurityIdentities',
    'SourceVisibility',
    'UserSecurityIdentityBuilder',
    'VERSION',
    'VirtualGroupSecurityIdentityBuilder',
    'documentsFromJsonFiles',
    'isBatchUpdateError',
    'partialUpdate',
    'permanentId',
    'toDocumentBuilder',
  ]);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual([
    'DEFAULT_SIMULATOR_LIMITS',
    'SourceIndex',
    'VERSION',
    'createCoveoSimulator',
    'routeCoveoFetch',
  ]);
});
