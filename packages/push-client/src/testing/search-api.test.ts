import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { PushSource } from '../push-source.js';
import { type SimulatorHarness, startSimulator } from './simulator-harness.test-util.js';

interface Answer {
  totalCount: number;
  results: { uri: string; title: string; raw: Record<string, unknown> }[];
}

let h: SimulatorHarness;
beforeAll(async () => {
  h = await startSimulator();
  const source = new PushSource('push-key', 'org1', { baseUrl: h.url });
  const product = (n: number, title: string, body: string) =>
    new DocumentBuilder(`https://shop.example/${n}`, title).withData(body);
  await source.batchUpdateDocuments('push-source', {
    addOrUpdate: [
      product(1, 'Blue widget', 'A small blue widget for the kitchen.')
        .withDate('2024-01-15T10:00:00Z')
        .withMetadata({ sku: 'A1', price: 5, tags: ['blue', 'small'], brand: 'Acme Tools' }),
      product(2, 'Red widget', 'A large red widget, blue handle.')
        .withDate('2024-02-01T00:00:00Z')
        .withMetadata({ sku: 'B2', price: 12.5, tags: ['red'], brand: 'acme' }),
      product(3, 'Green gadget', 'Nothing to see here.')
        .withDate('2024-03-31T23:59:59Z')
        .withMetadata({ sku: 'C3', price: 20, tags: ['green'], ec_stock: { s1: 3 } }),
      product(4, 'Manual', 'The widget manual.').withMetadata({ sku: 'D4' }),
    ],
  });
  await new PushSource('push-key', 'org1', { baseUrl: h.url }).addOrUpdateDocument(
    'catalog-source',
    new DocumentBuilder('https://other.example/x', 'Other widget').withMetadata({ sku: 'A1' }),
  );
});
afterAll(() => h.close());

async function search(body: Record<string, unknown>): Promise<Response> {
  return h.call('POST', '/rest/search/v2?organizationId=org1', { body });
}
async function uris(aq: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const res = await search({ aq, numberOfResults: 100, ...extra });
  expect(res.status, await res.clone().text()).toBe(200);
  const answer = (await res.json()) as Answer;
  return answer.results.map((r) => r.uri.replace(/^https:\/\/shop\.example\//, '')).sort();
}

describe("the simulator's Search API", () => {
  it('matches fields exactly (==, case-insensitively), by containment (=) and lists', async () => {
    expect(await uris('@sku=="A1"')).toEqual(['1', 'https://other.example/x']);
    expect(await uris('@sku==a1 @source=="push-source"')).toEqual(['1']);
    expect(await uris('@brand=acme')).toEqual(['1', '2']);
    expect(await uris('@brand==acme')).toEqual(['2']);
    expect(await uris('@sku==(A1, "C3") @source==push-source')).toEqual(['1', '3']);
    expect(await uris('@tags==blue')).toEqual(['1']);
    expect(await uris('@sku!=A1 @source==push-source')).toEqual(['2', '3', '4']);
    expect(await uris('@ec_stock')).toEqual(['3']);
    expect(await uris('@uri=="https://shop.example/2"')).toEqual(['2']);
  });

  it('compares numbers and dates, and takes ranges', async () => {
    expect(await uris('@price>5')).toEqual(['2', '3']);
    expect(await uris('@price>=5')).toEqual(['1', '2', '3']);
    expect(await uris('@price<12.5')).toEqual(['1']);
    expect(await uris('@price<=12.5')).toEqual(['1', '2']);
    expect(await uris('@price==12.5')).toEqual(['2']);
    expect(await uris('@price=5..12.5')).toEqual(['1', '2']);
    expect(await uris('@date>=2024/02/01')).toEqual(['2', '3']);
    expect(await uris('@date>2024/02/01')).toEqual(['3']);
    expect(await uris('@date<2024-02-01')).toEqual(['1']);
    expect(await uris('@date=2024/03/31')).toEqual(['3']);
    expect(await uris('@date=2024/01/01..2024/02/01')).toEqual(['1', '2']);
    expect(await uris('@date<=2024/01/15@09:59')).toEqual([]);
  });

  it('combines with AND, juxtaposition, OR, NOT, - and parentheses', async () => {
    const push = '@source==push-source';
    expect(await uris(`${push} @price>5 AND @tags==red`)).toEqual(['2']);
    expect(await uris(`${push} (@sku==A1 OR @sku==D4)`)).toEqual(['1', '4']);
    expect(await uris(`${push} NOT @price`)).toEqual(['4']);
    expect(await uris(`${push} -@price`)).toEqual(['4']);
    expect(await uris(`${push} (@price<10 OR @price>15) NOT @tags==green`)).toEqual(['1']);
    expect(await uris(`${push} @sku==A1 OR @sku==B2 @price>10`)).toEqual(['1', '2']);
  });

  it('searches free text over title and body, words and phrases, in q and aq', async () => {
    expect(await uris('widget @source==push-source')).toEqual(['1', '2', '4']);
    expect(await uris('', { q: 'blue' })).toEqual(['1', '2']);
    expect(await uris('', { q: '"blue widget"' })).toEqual(['1']);
    expect(await uris('@price>0', { q: 'blue NOT handle' })).toEqual(['1']);
    expect(await uris('', { q: 'gadget', cq: '@price>100' })).toEqual([]);
    // Without the query syntax, q is words only: "NOT" is a word to find.
    expect(await uris('', { q: 'NOT handle', enableQuerySyntax: false })).toEqual([]);
  });

  it('pages with numberOfResults and firstResult, counts every match, and returns the fields asked for', async () => {
    const page = async (firstResult: number) =>
      (await (
        await search({
          aq: '@source==push-source',
          numberOfResults: 2,
          firstResult,
          sortCriteria: '@price ascending',
          fieldsToInclude: ['sku', 'price'],
        })
      ).json()) as Answer;
    const one = await page(0);
    const two = await page(2);
    expect([one.totalCount, two.totalCount]).toEqual([4, 4]);
    expect([...one.results, ...two.results].map((r) => r.raw)).toEqual([
      { sku: 'A1', price: 5 },
      { sku: 'B2', price: 12.5 },
      { sku: 'C3', price: 20 },
      { sku: 'D4' },
    ]);
    const none = (await (await search({ aq: '@sku==Z9' })).json()) as Answer;
    expect([none.totalCount, none.results]).toEqual([0, []]);
  });

  it.each([
    ['@sku*="A*"', 'the wildcard field operator *='],
    ['@brand~="acme"', 'the fuzzy field operator ~='],
    ['@brand/="ac.*"', 'the regular-expression field operator /='],
    ['blue NEAR:3 widget', 'the NEAR operator'],
    ['$qf(function: "@price*2")', 'query extensions'],
    ['[[@sku] @price>1]', 'nested queries'],
    ['@date>now-1d', 'relative dates'],
    ['@ec_stock.s1>1', 'dictionary keys (@ec_stock.key)'],
    ['wid*', 'wildcards'],
    ['(@sku==A1', 'a "(" without its ")"'],
    ['@sku=="A1', 'a quote without its closing quote'],
    ['@price>cheap', '> with a value that is not a number or a date'],
    ['@price=1..b', 'a range that is not two numbers or two dates'],
    ['@sku==A1 OR', 'an operator without its right-hand side'],
    ['AND @sku==A1', 'AND without a left-hand side'],
  ])('refuses %s with a 400 naming %s', async (aq, what) => {
    const res = await search({ aq });
    const body = (await res.json()) as { errorCode: string; message: string };
    expect([res.status, body.errorCode]).toEqual([400, 'SIMULATOR_UNSUPPORTED_QUERY']);
    expect(body.message).toContain(what);
    expect(body.message).toMatch(/in aq at character \d+/);
  });

  it('refuses parameters it does not run, and bad paging, naming them', async () => {
    const facets = await search({ aq: '@sku==A1', facets: [{ field: 'brand' }] });
    expect([facets.status, ((await facets.json()) as { message: string }).message]).toEqual([
      400,
      "The simulator's Search API does not support the parameter facets",
    ]);
    const sort = await search({ sortCriteria: 'fielddescending' });
    expect(sort.status).toBe(400);
    for (const bad of [{ numberOfResults: 1001 }, { firstResult: -1 }, { fieldsToInclude: 'sku' }])
      expect((await search(bad)).status).toBe(400);
    // Ignored parameters change nothing.
    expect(await uris('@sku==B2', { searchHub: 'shop', locale: 'en', context: {} })).toEqual(['2']);
  });
});

describe("the simulator's Search API against generated queries", () => {
  const seed = Array.from({ length: 12 }, (_, i) => ({
    uri: `gen://${i}`,
    n: i % 7,
    s: ['ant', 'bee', 'cat'][i % 3] as string,
    title: ['ant', 'bee', 'cat', 'dog'][i % 4] as string,
  }));
  type Item = (typeof seed)[number];
  type Gen = { text: string; test: (item: Item) => boolean };
  const num = fc.integer({ min: -1, max: 8 });
  const word: fc.Arbitrary<string> = fc.constantFrom('ant', 'bee', 'cat', 'dog');
  const leaf: fc.Arbitrary<Gen> = fc.oneof(
    fc.tuple(fc.constantFrom('==', '>', '>=', '<', '<=', '!='), num).map(([op, k]) => ({
      text: `@n${op}${k}`,
      test: (x: Item) =>
        op === '=='
          ? x.n === k
          : op === '!='
            ? x.n !== k
            : op === '>'
              ? x.n > k
              : op === '>='
                ? x.n >= k
                : op === '<'
                  ? x.n < k
                  : x.n <= k,
    })),
    fc
      .tuple(num, num)
      .map(([a, b]) => ({ text: `@n=${a}..${b}`, test: (x: Item) => x.n >= a && x.n <= b })),
    fc.uniqueArray(word, { minLength: 1, maxLength: 3 }).map((ws) => ({
      text: `@s==(${ws.map((w) => `"${w}"`).join(',')})`,
      test: (x: Item) => ws.includes(x.s),
    })),
    word.map((w) => ({ text: w, test: (x: Item) => x.title === w })),
  );
  const query: fc.Arbitrary<Gen> = fc.letrec<{ q: Gen }>((tie) => ({
    q: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('q'), tie('q')).map(([a, b]) => ({
        text: `(${a.text}) AND (${b.text})`,
        test: (x: Item) => a.test(x) && b.test(x),
      })),
      fc.tuple(tie('q'), tie('q')).map(([a, b]) => ({
        text: `(${a.text}) OR (${b.text})`,
        test: (x: Item) => a.test(x) || b.test(x),
      })),
      tie('q').map((a) => ({ text: `NOT (${a.text})`, test: (x: Item) => !a.test(x) })),
    ),
  })).q;

  it('answers what the query means, for 150 generated queries', async () => {
    const g = await startSimulator({ sources: [{ id: 'gen', type: 'PUSH' }] });
    try {
      const source = new PushSource('push-key', 'org1', { baseUrl: g.url });
      await source.batchUpdateDocuments('gen', {
        addOrUpdate: seed.map((x) =>
          new DocumentBuilder(x.uri, x.title).withMetadata({ n: x.n, s: x.s }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const res = await g.call('POST', '/rest/search/v2', {
            body: { aq: q.text, numberOfResults: 100 },
          });
          expect(res.status, q.text).toBe(200);
          const answer = (await res.json()) as Answer;
          const expected = seed.filter(q.test).map((x) => x.uri);
          expect(answer.results.map((r) => r.uri).sort(), q.text).toEqual(expected.sort());
          expect(answer.totalCount).toBe(expected.length);
        }),
        { seed: 1717, numRuns: 150 },
      );
    } finally {
      await g.close();
    }
  });

  it('answers any text with 200 or a 400 naming what it does not support, never a 500', async () => {
    const alphabet = fc.constantFrom(...'@=!<>()".,-*?$[]~%/ ANDORNOTabc129'.split(''));
    await fc.assert(
      fc.asyncProperty(
        fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')),
        async (aq) => {
          const res = await search({ aq });
          const body = (await res.json()) as { errorCode?: string };
          if (res.status !== 200)
            expect([res.status, body.errorCode]).toEqual([400, 'SIMULATOR_UNSUPPORTED_QUERY']);
        },
      ),
      { seed: 4242, numRuns: 300 },
    );
  });
});
