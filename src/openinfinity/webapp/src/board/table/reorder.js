// Manual order: a moved row gets a sort_order between its new neighbours (fractional, like the
// API's documented 65536 steps), so no other row is rewritten.
export const STEP = 65536;

export function sortOrderOf(item) {
  const n = Number(item && item.sort_order);
  return Number.isFinite(n) ? n : 0;
}

/** The sort_order for a row placed between `before` and `after` (either may be missing). */
export function sortOrderBetween(before, after) {
  if (before && after) return (sortOrderOf(before) + sortOrderOf(after)) / 2;
  if (before) return sortOrderOf(before) + STEP;
  if (after) return sortOrderOf(after) - STEP;
  return STEP;
}
