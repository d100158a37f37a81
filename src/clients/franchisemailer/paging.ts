/**
 * Paging over List Contacts' `limit` / `offset` / `meta`. The next offset is computed from what was
 * asked and what came back rather than by following `meta.next`, whose form (relative URL, absolute
 * URL) the document does not show.
 */
import type { PageMeta } from './types.js';

/** The document's example page size; Herald's maximum. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * Offset of the page after one that started at `offset`, asked for `limit` and returned `count`
 * items; null when there is none. `meta.next === null` is the service saying so; without a meta
 * block a short page ends the list. Advancing by `count` (not `limit`) stays right when the
 * service caps the page size below what was asked.
 */
export function nextOffset(offset: number, limit: number, count: number, meta: PageMeta | undefined): number | null {
  if (count === 0) return null;
  if (meta !== undefined) return meta.next === null ? null : offset + count;
  return count < limit ? null : offset + count;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta | undefined;
}

/** Every page from `offset` on; each is fetched only when the consumer asks for it. */
export async function* pages<T>(fetch: (limit: number, offset: number) => Promise<Page<T>>, limit: number, offset: number): AsyncGenerator<Page<T>, void, undefined> {
  let at: number | null = offset;
  while (at !== null) {
    const page: Page<T> = await fetch(limit, at);
    yield page;
    at = nextOffset(at, limit, page.items.length, page.meta);
  }
}
