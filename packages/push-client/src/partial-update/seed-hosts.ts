import { pathSegment } from '@connectorkit/http-core';
import type { PartialUpdateSettings } from './seed-schemas.js';

/**
 * Where the seed's settings send each call. The seed's `region` values map to Coveo's: `''` is
 * US, `eu` is `-eu`, `ap` is `-au` (Coveo's APAC region is hosted in Australia).
 * ASSUMPTION (unverified, one place to change): `type_source: 'push'` uses today's Push API host
 * `api{-region}.cloud.coveo.com/push/v1`; `''` uses the older `push{-region}.cloud.coveo.com/v1`
 * host the early Coveo docs show. A `baseUrl` sends both to `{baseUrl}/push/v1`.
 */
export function seedHosts(
  settings: PartialUpdateSettings,
  baseUrl: string | undefined,
): { search: string; push: string } {
  const org = pathSegment(settings.org_id, 'org_id');
  if (baseUrl) {
    const origin = baseUrl.replace(/\/+$/, '');
    return { search: `${origin}/rest/search`, push: `${origin}/push/v1/organizations/${org}` };
  }
  const region = settings.region === 'eu' ? '-eu' : settings.region === 'ap' ? '-au' : '';
  const push =
    settings.type_source === 'push'
      ? `https://api${region}.cloud.coveo.com/push/v1/organizations/${org}`
      : `https://push${region}.cloud.coveo.com/v1/organizations/${org}`;
  return { search: `https://platform${region}.cloud.coveo.com/rest/search`, push };
}
