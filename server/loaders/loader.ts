import DataLoader from 'dataloader';
import { isPromiseLike } from '../shared/promises';

/**
 * A DataLoader that also remembers the values it has settled, so a resolver can take a value this
 * request already holds without a promise (`get`). graphql-js completes a plain value at once; a
 * promise costs a microtask, a `Promise.all` over its parent's fields and, with the request scope's
 * AsyncLocalStorage, an async hook per promise. On an agenda page of 50 items whose relations one
 * statement primed, those promises were a fifth of what an answer allocated (BENCHMARKS.md).
 */
export class Loader<K, V> extends DataLoader<K, V> {
  /** `held`: every key DataLoader caches (loading, settled, failed or primed); `known`: the settled values. */
  private readonly state: { held: Set<K>; known: Map<K, V>; generation: number };

  constructor(batch: DataLoader.BatchLoadFn<K, V>) {
    const state = { held: new Set<K>(), known: new Map<K, V>(), generation: 0 };
    super(async (keys) => {
      const generation = state.generation;
      const values = await batch(keys);
      // A clear() while the batch ran means its values may be older than what a new load would read.
      if (state.generation === generation)
        for (let i = 0; i < keys.length; i += 1) {
          const value = values[i];
          if (!(value instanceof Error)) state.known.set(keys[i]!, value as V);
        }
      return values;
    });
    this.state = state;
  }

  /** The value itself when this request already has it, else `load(key)`: a promise of it. */
  get(key: K): V | Promise<V> {
    const { known } = this.state;
    return known.has(key) ? known.get(key)! : this.load(key);
  }

  override load(key: K): Promise<V> {
    this.state.held.add(key);
    return super.load(key);
  }

  /**
   * As DataLoader's: a key it already holds (loading, loaded or failed) keeps what it has, so `get` and
   * `load` never answer differently.
   */
  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    const { held, known } = this.state;
    if (!held.has(key)) {
      held.add(key);
      if (!(value instanceof Error) && !isPromiseLike(value)) known.set(key, value);
    }
    return super.prime(key, value);
  }

  override clear(key: K): this {
    this.state.held.delete(key);
    this.state.known.delete(key);
    this.state.generation += 1;
    return super.clear(key);
  }

  override clearAll(): this {
    this.state.held.clear();
    this.state.known.clear();
    this.state.generation += 1;
    return super.clearAll();
  }
}
