// argo-ams-library's user administration (AMS_TOKEN must be a service admin's token): create a
// user with a role in the project, read it, update it, list the project's users, refresh its
// token, and delete it.
import { AmsUser, ArgoMessagingService } from '@connectorkit/messaging-client';
import { amsSettings, runExample } from './support/services.js';

await runExample(async () => {
  const settings = await amsSettings();
  const ams = new ArgoMessagingService(settings);
  const name = 'connectorkit-example-user';

  const created = await ams.createUser(
    new AmsUser({
      name,
      email: 'example.user@example.com',
      firstName: 'Example',
      lastName: 'User',
      projects: [{ project: settings.project, roles: ['consumer'] }],
    }),
  );
  // The token is a secret: it is hidden from util.inspect and JSON, so never logged by accident.
  console.log(
    `Created user ${created.name} (uuid ${created.uuid}), with a token: ${created.token !== ''}`,
  );

  const read = await ams.getUser(name);
  console.log(`Read back: ${read.email}, roles ${JSON.stringify(read.projects[0]?.roles)}`);

  // Only the fields given change (the Python library needed roles and projects every time).
  const updated = await ams.updateUser(name, {
    organization: 'Example Org',
    projects: [{ project: settings.project, roles: ['consumer', 'publisher'] }],
  });
  console.log(
    `Updated: ${updated.organization}, roles ${JSON.stringify(updated.projects[0]?.roles)}`,
  );

  // Pages are followed for you; `listUsers` gives one page at a time.
  const members: string[] = [];
  for await (const user of ams.iterUsers({ project: settings.project })) members.push(user.name);
  console.log(`Users of ${settings.project}: ${members.join(', ')}`);

  // A new token for a leaked one: the old one stops working at once.
  const refreshed = await ams.refreshUserToken(name);
  const owner = await ams.getUserByToken(refreshed.token);
  console.log(
    `Token refreshed: it belongs to ${owner.name}, and differs from the old one: ${refreshed.token !== created.token}`,
  );

  await ams.deleteUser(name);
  console.log(`Deleted ${name}`);
});
