import { pathSegment } from '@connectorkit/http-core';
import type { PartialUpdateSettings } from './seed-schemas.js';

const REGIONS: Readonly<Record<string, string>> = { '': '', eu: '-eu', ap: '-au', ca: '-ca' };

/**
 * Where the seed's settings send each call. The seed's `region` values map to Coveo's: `''` is
 * US, `eu` is `-eu`, `ap` is `-au` (Coveo's APAC region is hosted in Australia), `ca` is `-ca`.
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
  const region = REGIONS[settings.region ?? ''] ?? '';
  const push =
    settings.type_source === 'push'
      ? `https://api${region}.cloud.coveo.com/push/v1/organizations/${org}`
      : `https://push${region}.cloud.coveo.com/v1/organizations/${org}`;
  return { search: `https://platform${region}.cloud.coveo.com/rest/search`, push };
}
