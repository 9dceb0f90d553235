/**
 * A minimal Server-Sent Events client over a real socket (Node's http), for tests and benchmarks:
 * parses `id:`, `event:`, `data:` and comment lines as the EventSource spec does.
 */
import http from 'node:http'

export interface SseMessage {
  id: string | null
  event: string
  data: string
  /** When the message was parsed (performance.now()). */
  receivedAt: number
}

export interface SseClient {
  status: number
  headers: http.IncomingHttpHeaders
  messages: SseMessage[]
  comments: string[]
  /** Resolves with the first message (already received or coming) that matches. */
  waitFor(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>
  close(): void
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const messages: SseMessage[] = []
      const comments: string[] = []
      const waiters: { match: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }[] = []
      let buffer = ''
      let endedResolve: () => void = () => {}
      const ended = new Promise<void>((r) => (endedResolve = r))
      res.setEncoding('utf8')
      const dispatch = (block: string) => {
        let id: string | null = null
        let event = 'message'
        const data: string[] = []
        let any = false
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim())
            continue
          }
          const colon = line.indexOf(':')
          const field = colon === -1 ? line : line.slice(0, colon)
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
          if (field === 'id') id = value
          else if (field === 'event') event = value
          else if (field === 'data') data.push(value)
          else continue
          any = true
        }
        if (!any || (data.length === 0 && id === null)) return
        if (data.length === 0) return
        const message = { id, event, data: data.join('\n'), receivedAt: performance.now() }
        messages.push(message)
        for (const waiter of [...waiters]) {
          if (waiter.match(message)) {
            waiters.splice(waiters.indexOf(waiter), 1)
            waiter.resolve(message)
          }
        }
      }
      res.on('data', (chunk: string) => {
        buffer += chunk
        let at: number
        while ((at = buffer.indexOf('\n\n')) !== -1) {
          dispatch(buffer.slice(0, at))
          buffer = buffer.slice(at + 2)
        }
      })
      res.on('end', () => endedResolve())
      res.on('close', () => endedResolve())
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        messages,
        comments,
        ended,
        waitFor(match, timeoutMs = 5000) {
          const found = messages.find(match)
          if (found) return Promise.resolve(found)
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs)
            waiters.push({ match, resolve: (m) => (clearTimeout(timer), ok(m)) })
          })
        },
        close() {
          request.destroy()
          res.destroy()
        },
      })
    })
    request.on('error', reject)
  })
}
