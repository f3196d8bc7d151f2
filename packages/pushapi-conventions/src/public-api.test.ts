import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'ENUMERATION_MODES',
    'FakePushAPI',
    'HttpPushAPI',
    'InvalidConnectorException',
    'InvalidConnectorNameError',
    'InvalidParameterError',
    'InvalidResponseError',
    'PushAPIException',
    'PushAPIFactory',
    'PushAPISessionExistsException',
    'PushAPISessionMismatchException',
    'PushAPISessionNotFoundException',
    'PushAPIVersion',
    'ServerUnavailableException',
    'UnknownError',
    'UnknownErrorException',
    'VERSION',
    'exceptionFor',
    'isInvalidConnectorException',
    'isInvalidParameterError',
    'isInvalidResponseError',
    'isPushAPIException',
    'isPushAPISessionMismatchException',
    'isServerUnavailableException',
    'isUnknownErrorException',
    'parseErrorXml',
    'toErrorXml',
  ]);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual([
    'PushState',
    'VERSION',
    'createPapiSimulator',
  ]);
});
