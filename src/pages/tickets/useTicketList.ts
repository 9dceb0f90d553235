/**
 * My tickets under one filter, page by page: `refresh` starts over (pull to refresh, filter change,
 * back from a detail), `loadMore` appends the next page. A refresh that starts later wins over
 * answers still in flight, so a quick filter switch never shows the previous filter's tickets.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ResidentFilter } from '@contract/lifecycle'
import type { TicketSummary } from '@contract/tickets'
import { toApiError, type ApiError } from '@/services/apiError'
import { listMyTickets } from '@/services/tickets'

export const PAGE_SIZE = 10

export interface TicketListState {
  items: TicketSummary[]
  /** True until the first page of the current filter has arrived. */
  loading: boolean
  loadingMore: boolean
  hasMore: boolean
  error?: ApiError
  /** A failed "load more" keeps the list and offers to try again. */
  moreError?: ApiError
  refresh: () => Promise<void>
  loadMore: () => Promise<void>
}

export function useTicketList(filter: ResidentFilter): TicketListState {
  const [items, setItems] = useState<TicketSummary[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiError>()
  const [moreError, setMoreError] = useState<ApiError>()
  const generation = useRef(0)
  const loadingMoreRef = useRef(false)

  const refresh = useCallback(async () => {
    const call = ++generation.current
    setError(undefined)
    setMoreError(undefined)
    try {
      const page = await listMyTickets({ status: filter, limit: PAGE_SIZE })
      if (call !== generation.current) return
      setItems(page.items)
      setCursor(page.nextCursor)
    } catch (failure) {
      if (call === generation.current) setError(toApiError(failure))
    } finally {
      if (call === generation.current) setLoading(false)
    }
  }, [filter])

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMoreRef.current) return
    const call = generation.current
    loadingMoreRef.current = true
    setLoadingMore(true)
    setMoreError(undefined)
    try {
      const page = await listMyTickets({ status: filter, cursor, limit: PAGE_SIZE })
      if (call !== generation.current) return
      setItems((previous) => [...previous, ...page.items.filter((item) => !previous.some((seen) => seen.id === item.id))])
      setCursor(page.nextCursor)
    } catch (failure) {
      if (call === generation.current) setMoreError(toApiError(failure))
    } finally {
      loadingMoreRef.current = false
      setLoadingMore(false)
    }
  }, [cursor, filter])

  useEffect(() => {
    setLoading(true)
    setItems([])
    setCursor(null)
    void refresh()
    return () => {
      generation.current += 1 // unmounted or filter changed: drop what still arrives
    }
  }, [refresh])

  return { items, loading, loadingMore, hasMore: cursor !== null, error, moreError, refresh, loadMore }
}
