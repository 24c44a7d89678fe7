/**
 * The orders lists are given in. Collators made once: `localeCompare(b, 'nl')` builds one on every
 * comparison, and loaders sort every batch.
 */
const DUTCH = new Intl.Collator('nl');
const DEFAULT = new Intl.Collator();

/** Dutch alphabetical order of texts (names, titles). */
export const dutchOrder = DUTCH.compare;

export const byName = (a: { name: string }, b: { name: string }) => DUTCH.compare(a.name, b.name);
export const byTitle = (a: { title: string }, b: { title: string }) => DUTCH.compare(a.title, b.title);
export const byKey = (a: { key: string }, b: { key: string }) => DEFAULT.compare(a.key, b.key);

/**
 * SQL for `expr` in the order `dutchOrder` gives (ICU's Dutch collation, as Intl.Collator('nl')), so a
 * page cut in the database holds the same items as the first ones of the sorted list would.
 */
export const dutchOrderSql = (expr: string) => `${expr} COLLATE "nl-x-icu"`;
