/**
 * A binary min-heap of items ordered by `expiresAt`, so the memory nonce store finds what expired
 * first in O(log n) instead of sweeping everything.
 */

/** What the heap orders: anything with an expiry time. */
export interface Expiring {
  readonly expiresAt: number;
}

/** A min-heap ordered by `expiresAt`. */
export class ExpiryHeap<T extends Expiring> {
  readonly #items: T[] = [];

  /** The number of items. */
  get size(): number {
    return this.#items.length;
  }

  /** @returns the item that expires first, if any. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** @param item - the item to add. */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let index = items.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((items[parent] as T).expiresAt <= item.expiresAt) break;
      items[index] = items[parent] as T;
      index = parent;
    }
    items[index] = item;
  }

  /** @returns the item that expires first, removed from the heap. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as T).expiresAt < (items[left] as T).expiresAt ? right : left;
      if ((items[child] as T).expiresAt >= last.expiresAt) break;
      items[index] = items[child] as T;
      index = child;
    }
    items[index] = last;
    return top;
  }
}
