/**
 * Which Waldur pages cover a window of the user list (contracts/waldur README "Pagination":
 * page-number pagination, `page_size` up to 300, no offset parameter).
 */
export interface PagePlan {
  /** The `page_size` to send with every page of the plan. */
  pageSize: number;
  /** The 1-based page holding the window's first user. */
  firstPage: number;
  /** The page holding its last user: firstPage, or later when no single page fits (no array, so a huge limit costs nothing here). */
  lastPage: number;
  /** How many users of the first page come before the window. */
  skip: number;
}

/**
 * Plans the fewest calls for [offset, offset + limit): the smallest page size P in
 * [limit, maxPageSize] whose single page holds the whole window (so one call fetches little more
 * than was asked), else consecutive pages of maxPageSize — two for any limit up to maxPageSize.
 * `offset` is a non-negative integer, `limit` and `maxPageSize` positive integers; anything else
 * is a RangeError (the adapter checks its input first).
 */
export function planPages(offset: number, limit: number, maxPageSize: number): PagePlan {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer, but got: ${offset}`);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, but got: ${limit}`);
  if (!Number.isSafeInteger(maxPageSize) || maxPageSize < 1) throw new RangeError(`maxPageSize must be a positive integer, but got: ${maxPageSize}`);
  const lastIndex = offset + limit - 1;
  if (!Number.isSafeInteger(lastIndex + 1)) throw new RangeError(`offset + limit must be a safe integer, but got: ${offset} + ${limit}`);
  for (let size = limit; size <= maxPageSize; size++) {
    const page = Math.floor(offset / size);
    if (page === Math.floor(lastIndex / size)) return { pageSize: size, firstPage: page + 1, lastPage: page + 1, skip: offset - page * size };
  }
  const first = Math.floor(offset / maxPageSize);
  const last = Math.floor(lastIndex / maxPageSize);
  return { pageSize: maxPageSize, firstPage: first + 1, lastPage: last + 1, skip: offset - first * maxPageSize };
}
