/**
 * A binary min-heap of `(expiresAt, key)` pairs, so the memory nonce store finds expired entries in
 * O(log n) per entry instead of sweeping the whole map.
 */

/** A heap item. */
export interface ExpiryItem {
  readonly expiresAt: number;
  readonly key: string;
}

/** A min-heap ordered by `expiresAt`. */
export class ExpiryHeap {
  readonly #items: ExpiryItem[] = [];

  /** The number of items. */
  get size(): number {
    return this.#items.length;
  }

  /** @returns the item that expires first, if any. */
  peek(): ExpiryItem | undefined {
    return this.#items[0];
  }

  /** @param item - the item to add. */
  push(item: ExpiryItem): void {
    const items = this.#items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((items[parent] as ExpiryItem).expiresAt <= item.expiresAt) break;
      items[index] = items[parent] as ExpiryItem;
      index = parent;
    }
    items[index] = item;
  }

  /** @returns the item that expires first, removed from the heap. */
  pop(): ExpiryItem | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as ExpiryItem).expiresAt < (items[left] as ExpiryItem).expiresAt ? right : left;
      if ((items[child] as ExpiryItem).expiresAt >= last.expiresAt) break;
      items[index] = items[child] as ExpiryItem;
      index = child;
    }
    items[index] = last;
    return top;
  }
}
