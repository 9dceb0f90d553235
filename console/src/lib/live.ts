/**
 * Live updates from GET /api/ops/events (Server-Sent Events), no polling. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so the server replays what was missed;
 * when it cannot (`event: reload`), the page reloads its state from the REST endpoints.
 */
import { useEffect, useRef, useState } from 'react'
import type { ReloadLiveData, TicketLiveData, WorkerDutyLiveData, WorkerPositionLiveData } from '@contract/console'
import { LIVE_EVENTS_URL } from './endpoints'

export interface LiveHandlers {
  ticket?: (data: TicketLiveData) => void
  position?: (data: WorkerPositionLiveData) => void
  duty?: (data: WorkerDutyLiveData) => void
  reload?: (data: ReloadLiveData) => void
}

export type LiveState = 'connecting' | 'live' | 'reconnecting'
export const LIVE_STATE_LABELS: Record<LiveState, string> = { connecting: '正在连接实时数据…', live: '实时更新中', reconnecting: '实时连接中断，正在重连…' }

export function useLiveEvents(handlers: LiveHandlers): LiveState {
  const latest = useRef(handlers)
  latest.current = handlers
  const [state, setState] = useState<LiveState>('connecting')

  useEffect(() => {
    let source: EventSource | null = null
    let lastId = ''
    let retry: ReturnType<typeof setTimeout> | undefined
    const connect = () => {
      // A reopened stream (after the browser gave up) names the last id itself: EventSource only
      // sends the header on its own reconnects.
      const url = lastId ? `${LIVE_EVENTS_URL}&lastEventId=${encodeURIComponent(lastId)}` : LIVE_EVENTS_URL
      const stream = new EventSource(url, { withCredentials: true })
      source = stream
      const on = <T,>(name: string, handle: (data: T) => void) =>
        stream.addEventListener(name, (event) => {
          const message = event as MessageEvent<string>
          if (message.lastEventId) lastId = message.lastEventId
          try {
            handle(JSON.parse(message.data) as T)
          } catch (error) {
            console.warn('live event not understood', name, error)
          }
        })
      on<TicketLiveData>('ticket', (data) => latest.current.ticket?.(data))
      on<WorkerPositionLiveData>('worker.position', (data) => latest.current.position?.(data))
      on<WorkerDutyLiveData>('worker.duty', (data) => latest.current.duty?.(data))
      on<ReloadLiveData>('reload', (data) => latest.current.reload?.(data))
      stream.onopen = () => setState('live')
      stream.onerror = () => {
        setState('reconnecting')
        // CONNECTING: the browser retries by itself. CLOSED (an HTTP error): try again ourselves.
        if (stream.readyState === EventSource.CLOSED) retry = setTimeout(connect, 3000)
      }
    }
    connect()
    return () => {
      clearTimeout(retry)
      source?.close()
    }
  }, [])
  return state
}

/** Re-renders every `intervalMs` with the current time (the queue's countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
