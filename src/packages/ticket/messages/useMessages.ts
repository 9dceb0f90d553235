/**
 * The notifications, page by page, with the unread count; read state lives on the server, the
 * list is updated at once when the resident opens one (and corrected by the next refresh).
 * While the page is open new ones appear by themselves: pushed on H5, polled every 15 s on weapp.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Message } from '@contract/tickets'
import { toApiError, type ApiError } from '@/services/apiError'
import { listMessages, markAllRead, markRead } from '@/services/messages'
import { useLiveChanges } from '../lib/liveUpdates'

export const MESSAGES_REFRESH_MS = 15_000

export function useMessages() {
  const [items, setItems] = useState<Message[]>([])
  const [unread, setUnread] = useState(0)
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiError>()
  const generation = useRef(0)

  const refresh = useCallback(async () => {
    const call = ++generation.current
    try {
      const page = await listMessages()
      if (call !== generation.current) return
      setItems(page.items)
      setUnread(page.unread)
      setCursor(page.nextCursor)
      setError(undefined)
    } catch (failure) {
      if (call === generation.current) setError(toApiError(failure))
    } finally {
      if (call === generation.current) setLoading(false)
    }
  }, [])

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return
    const call = generation.current
    setLoadingMore(true)
    try {
      const page = await listMessages(cursor)
      if (call !== generation.current) return
      setItems((previous) => [...previous, ...page.items.filter((item) => !previous.some((seen) => seen.id === item.id))])
      setUnread(page.unread)
      setCursor(page.nextCursor)
    } catch {
      // Stays on "加载更多": the resident can tap again.
    } finally {
      setLoadingMore(false)
    }
  }, [cursor, loadingMore])

  /** Marks one read here and on the server (fire and forget: a failure only leaves it bold). */
  const open = useCallback((message: Message) => {
    if (message.read) return
    setItems((previous) => previous.map((item) => (item.id === message.id ? { ...item, read: true } : item)))
    setUnread((count) => Math.max(0, count - 1))
    markRead([message.id]).catch(() => undefined)
  }, [])

  const readAll = useCallback(async () => {
    await markAllRead()
    setItems((previous) => previous.map((item) => ({ ...item, read: true })))
    setUnread(0)
  }, [])

  useEffect(() => {
    void refresh()
    return () => {
      generation.current += 1
    }
  }, [refresh])

  /** New messages on top, the first page's read state updated; pages already loaded stay. */
  const catchUp = useCallback(async () => {
    const call = generation.current
    try {
      const page = await listMessages()
      if (call !== generation.current) return
      setItems((previous) => {
        const fresh = new Map(page.items.map((item) => [item.id, item]))
        const known = new Set(previous.map((item) => item.id))
        return [...page.items.filter((item) => !known.has(item.id)), ...previous.map((item) => fresh.get(item.id) ?? item)]
      })
      setUnread(page.unread)
      setError(undefined)
      setLoading(false)
    } catch {
      // a background check: the list stays as it is
    }
  }, [])

  // The page itself refreshes when shown again; here: ticket changes while it is open.
  useLiveChanges(
    (change) => {
      if (change.kind === 'reload') void refresh()
      else if (change.kind === 'ticket' || change.kind === 'poll') void catchUp()
    },
    { pollMs: MESSAGES_REFRESH_MS },
  )

  return { items, unread, loading, loadingMore, hasMore: cursor !== null, error, refresh, loadMore, open, readAll }
}
