/**
 * One ticket, kept fresh while its page is on screen: loaded once, then re-read every 10 s while
 * the page shows and the ticket can still change; stopped when the page hides (WeChat also kills
 * requests ~5 s after the app goes to background). A failed background refresh keeps what is shown.
 */
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { isFinal } from '@contract/lifecycle'
import type { TicketDetail } from '@contract/tickets'
import { ApiError, toApiError } from '@/services/apiError'
import { errorMessageZh } from '@contract/errors'
import { getTicket } from '@/services/tickets'

export const REFRESH_EVERY_MS = 10_000

export interface LiveTicket {
  ticket?: TicketDetail
  /** Only a failed first load: later failures keep the last good ticket on screen. */
  error?: ApiError
  loading: boolean
  /** When the shown data was read (the timeline's "n 分钟前" is relative to it). */
  readAt: number
  reload: () => Promise<void>
  /** An action (rate, appeal) answered with the new ticket. */
  replace: (ticket: TicketDetail) => void
}

export function useLiveTicket(id: number): LiveTicket {
  const [ticket, setTicket] = useState<TicketDetail>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(true)
  const [readAt, setReadAt] = useState(Date.now)
  const timer = useRef<ReturnType<typeof setInterval>>()
  const alive = useRef(true)
  const latest = useRef<TicketDetail>()

  const accept = useCallback((next: TicketDetail) => {
    latest.current = next
    setTicket(next)
    setReadAt(Date.now())
  }, [])

  const reload = useCallback(async () => {
    try {
      const next = await getTicket(id)
      if (!alive.current) return
      accept(next)
      setError(undefined)
    } catch (failure) {
      if (alive.current && !latest.current) setError(toApiError(failure))
    } finally {
      if (alive.current) setLoading(false)
    }
  }, [id, accept])

  const stop = useCallback(() => {
    clearInterval(timer.current)
    timer.current = undefined
  }, [])

  const start = useCallback(() => {
    stop()
    timer.current = setInterval(() => {
      if (latest.current && isFinal(latest.current.status)) return stop()
      void reload()
    }, REFRESH_EVERY_MS)
  }, [reload, stop])

  useEffect(() => {
    alive.current = true
    if (!Number.isInteger(id) || id < 1) {
      setLoading(false)
      setError(new ApiError('NOT_FOUND', 404, errorMessageZh('NOT_FOUND')))
      return
    }
    void reload()
    start()
    return () => {
      alive.current = false
      stop()
    }
  }, [id, reload, start, stop])

  // Back on screen: catch up at once, then keep polling; off screen: no polling.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) {
      void reload()
      start()
    }
    shown.current = true
  })
  useDidHide(stop)
  useUnload(stop)

  return { ticket, error, loading, readAt, reload, replace: accept }
}
