import { describe, expect, it } from 'vitest';
import { generateCatalogue } from './catalogue.js';

describe('generateCatalogue', () => {
  it('is deterministic for a seed and different across seeds', () => {
    expect(generateCatalogue(50, 7)).toEqual(generateCatalogue(50, 7));
    expect(generateCatalogue(50, 7)).not.toEqual(generateCatalogue(50, 8));
  });

  it('gives unique ids and skus', () => {
    const products = generateCatalogue(3000);
    expect(new Set(products.map((p) => p._id)).size).toBe(3000);
    expect(new Set(products.map((p) => p.sku)).size).toBe(3000);
  });
});
