import { BadUserInputError } from '../errors';

/** BAD_USER_INPUT naming the allowed next states (also in `extensions.allowed`). */
export function invalidTransition(
  what: string,
  from: string,
  to: string,
  allowed: readonly string[],
  field: string,
): never {
  const next = allowed.length ? allowed.join(', ') : 'none (final state)';
  throw new BadUserInputError(`A ${what} cannot go from ${from} to ${to}; allowed next states: ${next}.`, field, {
    allowed: [...allowed],
  });
}

/** A move along a life cycle's transition table, or `invalidTransition`. */
export function assertTransition<S extends string>(
  what: string,
  table: Readonly<Record<S, readonly S[]>>,
  from: S,
  to: S,
  field: string,
): void {
  if (!table[from].includes(to)) invalidTransition(what, from, to, table[from], field);
}
