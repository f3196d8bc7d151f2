const PLAN = [
  'seed an in-process CouchDB-compatible database with a product catalogue',
  'follow its _changes feed (one-off)',
  'publish every change to an ARGO Messaging topic and consume it',
  'push each document to a Coveo push source and an Exalead CloudView connector',
  'apply an inventory partial update and print the per-key result',
];

export function main(): number {
  console.log('connectorkit demo: the pipeline will');
  for (const [i, step] of PLAN.entries()) console.log(`  ${i + 1}. ${step}`);
  return 0;
}

process.exitCode = main();
