/** Counts live changes up to a position in O(log n): a Fenwick tree, rebuilt when it doubles. */
export class LiveCounter {
  private values: number[] = [0];
  private tree: number[] = [0, 0];
  private capacity = 1;
  /** Returns true when the tree was rebuilt (from values that already hold the new delta). */
  private grow(index: number): boolean {
    if (index <= this.capacity) return false;
    while (this.capacity < index) this.capacity *= 2;
    this.tree = new Array(this.capacity + 1).fill(0);
    for (let i = 1; i < this.values.length; i++) {
      const v = this.values[i] ?? 0;
      if (v !== 0) this.bump(i, v);
    }
    return true;
  }
  private bump(index: number, delta: number): void {
    for (let i = index; i <= this.capacity; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) + delta;
  }
  add(index: number, delta: number): void {
    while (this.values.length <= index) this.values.push(0);
    this.values[index] = (this.values[index] ?? 0) + delta;
    if (!this.grow(index)) this.bump(index, delta);
  }
  prefix(index: number): number {
    let sum = 0;
    for (let i = Math.min(index, this.capacity); i > 0; i -= i & -i) sum += this.tree[i] ?? 0;
    return sum;
  }
  total(): number {
    return this.prefix(this.capacity);
  }
}
