/** What the pipeline counts while it runs; the summary table is drawn from it. */
export interface PipelineMetrics {
  documentsSeeded: number;
  documentsRead: number;
  messagesPublished: number;
  messagesAcked: number;
  pushedToCoveo: number;
  pushedToExalead: number;
  /** Consumed messages that were not a complete product: acked and left out of both indexes. */
  skipped: number;
  partialUpdates: { key: string; result: string }[];
  retries: number;
  errors: number;
  elapsedMs: number;
}

export function emptyMetrics(): PipelineMetrics {
  return {
    documentsSeeded: 0,
    documentsRead: 0,
    messagesPublished: 0,
    messagesAcked: 0,
    pushedToCoveo: 0,
    pushedToExalead: 0,
    skipped: 0,
    partialUpdates: [],
    retries: 0,
    errors: 0,
    elapsedMs: 0,
  };
}

/** The summary as rows of (label, value), in the order the table shows them. */
export function summaryRows(m: PipelineMetrics): [string, string][] {
  const seconds = m.elapsedMs / 1000;
  return [
    ['documents seeded', String(m.documentsSeeded)],
    ['documents read (changes feed)', String(m.documentsRead)],
    ['messages published', String(m.messagesPublished)],
    ['messages acked', String(m.messagesAcked)],
    ['documents pushed to Coveo', String(m.pushedToCoveo)],
    ['documents pushed to Exalead', String(m.pushedToExalead)],
    ['documents skipped (incomplete)', String(m.skipped)],
    ['partial updates', String(m.partialUpdates.length)],
    ['retries', String(m.retries)],
    ['errors', String(m.errors)],
    ['elapsed', `${seconds.toFixed(2)} s`],
    ['throughput', `${seconds > 0 ? Math.round(m.documentsRead / seconds) : 0} documents/s`],
  ];
}

/** The summary for scripts: counts as numbers, durations in milliseconds. */
export function summaryJson(m: PipelineMetrics): Record<string, number> {
  const seconds = m.elapsedMs / 1000;
  return {
    documentsSeeded: m.documentsSeeded,
    documentsRead: m.documentsRead,
    messagesPublished: m.messagesPublished,
    messagesAcked: m.messagesAcked,
    pushedToCoveo: m.pushedToCoveo,
    pushedToExalead: m.pushedToExalead,
    skipped: m.skipped,
    partialUpdates: m.partialUpdates.length,
    retries: m.retries,
    errors: m.errors,
    elapsedMs: Math.round(m.elapsedMs),
    documentsPerSecond: seconds > 0 ? Math.round(m.documentsRead / seconds) : 0,
  };
}

/** Where a first-time user looks next, printed under the summary. */
export const NEXT_STEPS: string = `Next:
  - the packages this run used: @connectorkit/doc-db-client, changes-follower, messaging-client,
    push-client, pushapi-conventions and http-core (each README starts with a quick start);
  - every simulator for your own tests: npm run demo -- serve (prints their URLs and credentials);
  - real services instead of embedded ones: npm run demo -- --help lists the variables.`;

/** A two-column text table. */
export function renderSummary(m: PipelineMetrics): string {
  const rows = summaryRows(m);
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  return [
    line,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`),
    line,
  ].join('\n');
}
