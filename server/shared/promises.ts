/** `then` for a value that may or may not be a promise: a plain value stays plain (no microtask, no promise). */
export function whenLoaded<T, R>(value: T | Promise<T>, use: (value: T) => R): R | Promise<R> {
  return isPromiseLike(value) ? (value as Promise<T>).then(use) : use(value as T);
}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
