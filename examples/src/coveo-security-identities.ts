// The Coveo Python client's security identities: a group and its members, an alias mapping a
// user to another provider's account, a document only that group may see, a batch of identity
// changes through a file container, a delete, and the clean-up of identities older than a run.
import {
  DocumentBuilder,
  GroupSecurityIdentityBuilder,
  PushSource,
  UserSecurityIdentityBuilder,
} from '@connectorkit/push-client';
import { coveoSettings, runExample } from './support/services.js';

// A security provider of your organization that your connector feeds (optional variable).
const provider = process.env.COVEO_SECURITY_PROVIDER || 'My Security Provider';

await runExample(async () => {
  const coveo = await coveoSettings();
  const source = new PushSource(coveo.apiKey, coveo.organizationId, coveo.platform);
  // Identities belong to the organization, not to a source: `source.identity` reaches them.
  const identity = source.identity;
  const runStartedAt = Date.now();

  // A group and its members. Coveo expands the group when it evaluates permissions.
  await identity.createOrUpdateSecurityIdentity(provider, {
    identity: { name: 'engineering', type: 'GROUP' },
    members: [
      { name: 'alice@example.com', type: 'USER' },
      { name: 'bob@example.com', type: 'USER' },
    ],
  });
  console.log(`Group "engineering" written to ${provider} with 2 members`);

  // An alias: alice@example.com is also `alice` in the Active Directory provider.
  await identity.createOrUpdateSecurityIdentityAlias(provider, {
    identity: { name: 'alice@example.com', type: 'USER' },
    mappings: [{ name: 'alice', type: 'USER', provider: 'Active Directory' }],
  });
  console.log('Alias written: alice@example.com is alice in Active Directory');

  // A document only the group may see, Jane excepted (the Python sample's allowed and denied).
  const secured = new DocumentBuilder('https://my.document.uri/secured', 'Engineering handbook')
    .withData('visible to engineering only')
    .withAllowAnonymousUsers(false)
    .withAllowedPermissions(new GroupSecurityIdentityBuilder('engineering', provider))
    .withDeniedPermissions(new UserSecurityIdentityBuilder('jane@example.com', provider));
  const pushed = await source.addOrUpdateDocument(coveo.sourceId, secured);
  console.log(`Secured document pushed: ${pushed.documentId} (HTTP ${pushed.status})`);

  // Many changes at once: the client fills a file container and applies it in one call.
  const batch = await identity.batchSecurityIdentities(provider, {
    members: [
      {
        identity: { name: 'support', type: 'GROUP' },
        members: [{ name: 'carol@example.com', type: 'USER' }],
      },
    ],
    deleted: [{ identity: { name: 'interns', type: 'GROUP' } }],
  });
  console.log(`Identity batch applied through file container ${batch.fileId}`);

  await identity.deleteSecurityIdentity(provider, {
    identity: { name: 'bob@example.com', type: 'USER' },
  });
  console.log('Identity bob@example.com deleted');

  // A full refresh rewrites every identity, then deletes those it did not write (epoch ms).
  await identity.deleteOldSecurityIdentities(provider, { orderingId: runStartedAt });
  console.log(`Identities not written since ${new Date(runStartedAt).toISOString()} deleted`);
});
