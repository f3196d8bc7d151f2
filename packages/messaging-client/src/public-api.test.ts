import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'AmsBalancerException',
    'AmsConnectionException',
    'AmsException',
    'AmsMessage',
    'AmsMessageException',
    'AmsServiceException',
    'AmsSubscription',
    'AmsTimeoutException',
    'AmsTopic',
    'AmsUser',
    'ArgoMessagingService',
    'DEFAULT_RETRY',
    'MAX_MESSAGE_BYTES',
    'VERSION',
    'isAmsBalancerException',
    'isAmsConnectionException',
    'isAmsException',
    'isAmsMessageException',
    'isAmsServiceException',
    'isAmsTimeoutException',
    'subscribe',
  ]);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual([
    'VERSION',
    'balancerFault',
    'createAmsSimulator',
    'x509Dn',
  ]);
});
