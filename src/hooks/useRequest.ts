/**
 * Loading / error / retry state for one request, the shape every page needs:
 * `{ data, error, loading, reload }`. A reload that starts later wins over an earlier one
 * still in flight, and answers arriving after unmount are dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiError, type ApiError } from '@/services/apiError'

export interface RequestState<T> {
  data?: T
  error?: ApiError
  loading: boolean
  reload: () => void
}

export function useRequest<T>(load: () => Promise<T>): RequestState<T> {
  const [state, setState] = useState<Omit<RequestState<T>, 'reload'>>({ loading: true })
  const latestCall = useRef(0)
  // The caller may pass an inline function; keep the latest without re-running the effect.
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(() => {
    const call = ++latestCall.current
    setState((previous) => ({ data: previous.data, loading: true }))
    loadRef.current().then(
      (data) => call === latestCall.current && setState({ data, loading: false }),
      (error: unknown) => call === latestCall.current && setState({ error: toApiError(error), loading: false }),
    )
  }, [])

  useEffect(() => {
    reload()
    return () => {
      latestCall.current = -1 // unmounted: ignore whatever still arrives
    }
  }, [reload])

  return { ...state, reload }
}
