// Reading a whole paginated list (`limit`, `cursor`, `nextCursor`) from the API.

import { MAX_PAGE_SIZE } from '../../../shared/page-size';

export { MAX_PAGE_SIZE };

/**
 * Every row of a paginated list: asks for the largest pages and follows `nextCursor` until it is
 * null, so a business with more rows than one page is never shown only the first. The answer is
 * the first page's (its other fields, such as a timesheet list's period) with every page's rows.
 */
export async function allPages<Page extends { data: unknown[]; nextCursor: string | null }>(
  fetchPage: (query: { limit: number; cursor?: string }) => Promise<Page>,
): Promise<Page> {
  const first = await fetchPage({ limit: MAX_PAGE_SIZE });
  const data = [...first.data];
  for (let cursor = first.nextCursor; cursor; ) {
    const next = await fetchPage({ limit: MAX_PAGE_SIZE, cursor });
    data.push(...next.data);
    cursor = next.nextCursor;
  }
  return { ...first, data, nextCursor: null };
}
