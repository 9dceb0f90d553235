/**
 * One ticket, kept fresh while its page is on screen: loaded once, then re-read when it changes.
 * On weapp that is every 10 s while the page shows and the ticket can still change (WeChat also
 * kills requests ~5 s after the app goes to background); on H5 the server pushes the change over
 * Server-Sent Events (lib/liveUpdates.h5.ts). A failed background refresh keeps what is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { isFinal } from '@contract/lifecycle'
import type { TicketDetail } from '@contract/tickets'
import { ApiError, toApiError } from '@/services/apiError'
import { errorMessageZh } from '@contract/errors'
import { getTicket } from '@/services/tickets'
import { useLiveChanges } from './liveUpdates'

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

  useEffect(() => {
    alive.current = true
    if (!Number.isInteger(id) || id < 1) {
      setLoading(false)
      setError(new ApiError('NOT_FOUND', 404, errorMessageZh('NOT_FOUND')))
      return
    }
    void reload()
    return () => {
      alive.current = false
    }
  }, [id, reload])

  // A final ticket (closed, rejected) changes no more: no polling; the page still catches up when shown.
  const final = ticket ? isFinal(ticket.status) : false
  useLiveChanges(
    (change) => {
      if ('ticketId' in change && change.ticketId !== id) return
      if (change.kind === 'poll' && latest.current && isFinal(latest.current.status)) return
      void reload()
    },
    { pollMs: REFRESH_EVERY_MS, enabled: !final },
  )

  return { ticket, error, loading, readAt, reload, replace: accept }
}
