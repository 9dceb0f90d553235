/**
 * Live updates, browser flavour: one Server-Sent Events stream (GET /api/events) shared by every
 * page that listens, open while at least one does. EventSource cannot send the bearer token, so
 * each connection first asks POST /api/events/token for a 60-second stream token (see the
 * backend's stream-token.ts). When the browser's own reconnect is refused (the token expired, the
 * server restarted), a new token is fetched and the stream reopens after the last id it saw, so
 * nothing is missed; after the server says `reload`, pages re-read everything.
 * Without EventSource it falls back to polling like the mini-program (liveUpdates.ts).
 */
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { getStreamToken, streamUrl } from '@/services/notifications'

export type LiveChange = { kind: 'ticket' | 'notification'; ticketId: number } | { kind: 'poll' | 'shown' | 'reload' }

export interface LiveOptions {
  pollMs: number
  enabled?: boolean
}

/** Checked when used (not at import), so a polyfill or a test stand-in loaded later counts. */
export function hasPush(): boolean {
  return typeof window !== 'undefined' && typeof window.EventSource === 'function'
}

type Listener = (change: LiveChange) => void
const listeners = new Set<Listener>()
let source: EventSource | null = null
let lastEventId: string | null = null
let retryTimer: ReturnType<typeof setTimeout> | undefined
let failures = 0
let connecting = false

function emit(change: LiveChange) {
  for (const listener of [...listeners]) listener(change)
}

function scheduleReconnect() {
  clearTimeout(retryTimer)
  failures += 1
  const wait = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5))
  retryTimer = setTimeout(connect, wait)
}

function onMessage(event: MessageEvent<string>) {
  if (event.lastEventId) lastEventId = event.lastEventId
  try {
    const data = JSON.parse(event.data) as { ticketId?: number }
    if (typeof data.ticketId === 'number') emit({ kind: event.type as 'ticket' | 'notification', ticketId: data.ticketId })
  } catch {
    // not ours: ignore
  }
}

function connect() {
  if (listeners.size === 0 || source || connecting) return
  connecting = true
  getStreamToken()
    .then(({ token }) => {
      connecting = false
      if (listeners.size === 0) return
      const stream = new EventSource(streamUrl(token, lastEventId))
      source = stream
      const reopened = failures > 0
      stream.onopen = () => {
        failures = 0
        if (reopened) emit({ kind: 'reload' })
      }
      stream.addEventListener('ticket', onMessage as EventListener)
      stream.addEventListener('notification', onMessage as EventListener)
      stream.addEventListener('reload', () => emit({ kind: 'reload' }))
      stream.onerror = () => {
        // CONNECTING: the browser retries by itself (same token, Last-Event-ID). CLOSED: it gave up.
        if (stream.readyState === EventSource.CLOSED) {
          stream.close()
          if (source === stream) source = null
          scheduleReconnect()
        }
      }
    })
    .catch(() => {
      connecting = false
      scheduleReconnect()
    })
}

function disconnect() {
  clearTimeout(retryTimer)
  source?.close()
  source = null
  failures = 0
}

/** Listens to my live events; returns the function that stops listening. */
export function subscribeLive(listener: Listener): () => void {
  listeners.add(listener)
  connect()
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) disconnect()
  }
}

export function useLiveChanges(onChange: Listener, { pollMs, enabled = true }: LiveOptions): void {
  const callback = useRef(onChange)
  callback.current = onChange
  const stopRef = useRef<() => void>()
  const enabledRef = useRef(enabled)
  enabledRef.current = enabled

  const start = () => {
    stopRef.current?.()
    if (hasPush()) {
      stopRef.current = subscribeLive((change) => callback.current(change))
    } else {
      const timer = setInterval(() => enabledRef.current && callback.current({ kind: 'poll' }), pollMs)
      stopRef.current = () => clearInterval(timer)
    }
  }
  const stop = () => {
    stopRef.current?.()
    stopRef.current = undefined
  }

  // `enabled` only gates polling: pushed events cost nothing and still come for a final ticket
  // (its 办结 notification goes out after the close).
  useEffect(() => {
    if (enabled || hasPush()) start()
    else stop()
    return stop
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start/stop only touch refs
  }, [enabled, pollMs])

  // Off the page (another page on top, or it closed): no stream; back: catch up.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) {
      callback.current({ kind: 'shown' })
      if (enabledRef.current || hasPush()) start()
    }
    shown.current = true
  })
  useDidHide(stop)
  useUnload(stop)
}
