import { randomBytes } from 'node:crypto';

/**
 * A readable, unique key for a record made on the platform: an optional kind prefix, the slug of its
 * title, and random hex so two records of the same title never collide.
 */
export function newKey(title: string, prefix?: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return [prefix, slug || 'record', randomBytes(3).toString('hex')].filter(Boolean).join('-');
}
