/** The items a check lets through, in their order; the checks run side by side (their loaders batch). */
export async function filterReadable<T>(items: readonly T[], check: (item: T) => Promise<boolean>): Promise<T[]> {
  const allowed = await Promise.all(items.map(check));
  return items.filter((_, i) => allowed[i]);
}
