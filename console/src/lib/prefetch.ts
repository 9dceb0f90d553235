/**
 * The first screen's data, asked for at boot in parallel with the session check (GET
 * /api/console/me) instead of after it: on a busy server that saves the round trip and the first
 * render before the requests leave. Each answer is used once, by the page's first load; a refused
 * one (401: nobody signed in yet) falls back to a fresh request.
 */
const pending = new Map<string, Promise<unknown>>()

export function prefetch<T>(key: string, load: () => Promise<T>) {
  const promise = load()
  promise.catch(() => undefined) // a refusal here is not an error: the page asks again
  pending.set(key, promise)
}

/** The prefetched answer for `key` (once), else a fresh `load()`. */
export function takePrefetched<T>(key: string, load: () => Promise<T>): Promise<T> {
  const promise = pending.get(key) as Promise<T> | undefined
  pending.delete(key)
  return promise ? promise.catch(() => load()) : load()
}
