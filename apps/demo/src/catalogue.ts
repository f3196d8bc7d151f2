/** One product of the demo catalogue, as stored in the database. */
export interface Product {
  _id: string;
  type: 'product';
  sku: string;
  name: string;
  brand: string;
  category: string;
  price: number;
  ec_stock: number;
  tags: string[];
  description: string;
}

/** True when a document from the feed has every field the indexes need, with the right types. */
export function isCompleteProduct(doc: unknown): doc is Product {
  const d = doc as Partial<Record<keyof Product, unknown>> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.type === 'product' &&
    typeof d._id === 'string' &&
    (['sku', 'name', 'brand', 'category', 'description'] as const).every(
      (k) => typeof d[k] === 'string',
    ) &&
    typeof d.price === 'number' &&
    typeof d.ec_stock === 'number' &&
    Array.isArray(d.tags) &&
    d.tags.every((t) => typeof t === 'string')
  );
}

const BRANDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'];
const CATEGORIES = ['kayaks', 'paddles', 'life-jackets', 'tents', 'stoves', 'backpacks'];
const ADJECTIVES = ['Light', 'Pro', 'Classic', 'Trail', 'Storm', 'Summit', 'River', 'Coastal'];
const TAGS = ['outdoor', 'water', 'camping', 'sale', 'new', 'eco', 'premium', 'kids'];

/** A small deterministic PRNG (mulberry32), so every run seeds the same catalogue. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates `count` products; the same `seed` always gives the same products. */
export function generateCatalogue(count: number, seed = 42): Product[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const products: Product[] = [];
  for (let i = 1; i <= count; i++) {
    const sku = `SKU-${String(i).padStart(6, '0')}`;
    const category = pick(CATEGORIES);
    const brand = pick(BRANDS);
    const name = `${pick(ADJECTIVES)} ${category.replace(/s$/, '').replace('-', ' ')} ${i}`;
    products.push({
      _id: `product:${sku}`,
      type: 'product',
      sku,
      name,
      brand,
      category,
      price: Math.round((10 + random() * 990) * 100) / 100,
      ec_stock: Math.floor(random() * 200),
      tags: [...new Set([pick(TAGS), pick(TAGS)])],
      description: `${name} by ${brand}: a ${category} item for the demo catalogue.`,
    });
  }
  return products;
}

/** The document URI a product has in the search indexes. */
export function productUri(sku: string): string {
  return `product://${sku}`;
}
