import { Loader } from '../../server/loaders/loader';
import { whenLoaded } from '../../server/shared/promises';

/** server/loaders/loader.ts: what `get` answers with, plain or promised, and that it never differs from `load`. */
function counting(values: Record<string, string | Error>) {
  const batches: string[][] = [];
  const loader = new Loader<string, string>(async (keys) => {
    batches.push([...keys]);
    return keys.map((key) => values[key] ?? new Error(`no ${key}`));
  });
  return { loader, batches };
}

const isPromise = (value: unknown) => value instanceof Promise;

describe('Loader.get', () => {
  it('answers a promise for a key it has not loaded, in one batch with load', async () => {
    const { loader, batches } = counting({ a: 'A', b: 'B' });
    const first = loader.get('a');
    const second = loader.load('b');
    expect(isPromise(first)).toBe(true);
    await expect(first).resolves.toBe('A');
    await expect(second).resolves.toBe('B');
    expect(batches).toEqual([['a', 'b']]);
  });

  it('answers the value itself once a batch has settled it, without another batch', async () => {
    const { loader, batches } = counting({ a: 'A' });
    await loader.load('a');
    expect(loader.get('a')).toBe('A');
    expect(batches).toHaveLength(1);
  });

  it('answers a primed value at once, as load would', async () => {
    const { loader, batches } = counting({});
    loader.prime('p', 'primed');
    expect(loader.get('p')).toBe('primed');
    await expect(loader.load('p')).resolves.toBe('primed');
    expect(batches).toHaveLength(0);
  });

  it('keeps the first value for a key, as DataLoader does when primed twice', async () => {
    const { loader } = counting({});
    loader.prime('p', 'first');
    loader.prime('p', 'second');
    expect(loader.get('p')).toBe('first');
    await expect(loader.load('p')).resolves.toBe('first');
  });

  it('ignores a prime while the key is loading, as DataLoader does: get and load agree', async () => {
    const { loader } = counting({ a: 'loaded' });
    const loading = loader.load('a');
    loader.prime('a', 'primed');
    const early = loader.get('a');
    expect(isPromise(early)).toBe(true);
    await expect(early).resolves.toBe('loaded');
    await expect(loading).resolves.toBe('loaded');
    expect(loader.get('a')).toBe('loaded');
  });

  it('ignores a prime after a failed load: get still goes to load and rejects', async () => {
    const { loader } = counting({});
    await expect(loader.load('x')).rejects.toThrow('no x');
    loader.prime('x', 'primed');
    await expect(loader.get('x')).rejects.toThrow('no x');
  });

  it('never answers an error as a value: a failed key goes through load and rejects as before', async () => {
    const { loader, batches } = counting({});
    await expect(loader.load('x')).rejects.toThrow('no x');
    const again = loader.get('x');
    expect(isPromise(again)).toBe(true);
    await expect(again).rejects.toThrow('no x');
    expect(batches).toEqual([['x']]);
  });

  it('forgets what clear and clearAll drop, so the next get loads again', async () => {
    const values: Record<string, string> = { a: 'A1', b: 'B1' };
    const { loader, batches } = counting(values);
    await Promise.all([loader.load('a'), loader.load('b')]);
    values.a = 'A2';
    values.b = 'B2';
    loader.clear('a');
    expect(loader.get('b')).toBe('B1');
    await expect(loader.get('a')).resolves.toBe('A2');
    loader.clearAll();
    await expect(loader.get('b')).resolves.toBe('B2');
    expect(batches).toEqual([['a', 'b'], ['a'], ['b']]);
  });

  it('does not keep what a batch read while it was cleared', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const loader = new Loader<string, string>(async (keys) => {
      await held;
      return keys.map(() => 'old');
    });
    const loading = loader.load('a');
    await new Promise((resolve) => setImmediate(resolve)); // the batch has started
    loader.clearAll();
    release();
    await expect(loading).resolves.toBe('old');
    expect(isPromise(loader.get('a'))).toBe(true);
  });
});

describe('whenLoaded', () => {
  it('applies to a plain value at once and to a promise when it settles', async () => {
    expect(whenLoaded(2, (n) => n * 3)).toBe(6);
    const later = whenLoaded(Promise.resolve(2), (n) => n * 3);
    expect(isPromise(later)).toBe(true);
    await expect(later).resolves.toBe(6);
  });
});
