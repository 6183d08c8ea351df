/**
 * The query part of an address (`?search=ann&page=2`) for a list whose filters and page live in the address, so
 * the back button and bookmarks work. Empty filters and the first page are left out.
 */
export function addressQuery(filters: Record<string, string>, page: number): string {
  const parts = [
    ...Object.entries(filters)
      .filter(([, value]) => value !== '')
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`),
    ...(page > 1 ? [`page=${String(page)}`] : []),
  ];
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** The page number in an address: 1 when it is missing, not a number, or below 1. */
export const pageFrom = (params: Pick<URLSearchParams, 'get'>): number =>
  Math.max(1, Number(params.get('page') ?? '1') || 1);
