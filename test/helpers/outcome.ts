import type { GraphQLResponse } from './app';

/**
 * What an operation came to, as one value: its first error's code, or what `ok` reads from its data. A
 * table of allowed and refused cases then asserts with one unconditional `expect`, so no case can pass
 * by taking a branch that asserts nothing.
 */
export function outcome<T>(res: GraphQLResponse, ok: (data: any) => T): T | string {
  const code = res.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : ok(res.data);
}
