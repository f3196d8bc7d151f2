export const PLAN: readonly string[] = [
  'seed an in-process CouchDB-compatible database with a product catalogue',
  'follow its _changes feed (one-off)',
  'publish every change to an ARGO Messaging topic and consume it',
  'push each document to a Coveo push source and an Exalead CloudView connector',
  'apply an inventory partial update and print the per-key result',
];

export function describePlan(): string {
  return ['connectorkit demo: the pipeline will', ...PLAN.map((s, i) => `  ${i + 1}. ${s}`)].join(
    '\n',
  );
}
