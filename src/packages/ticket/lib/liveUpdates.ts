/**
 * Live updates, mini-program flavour: WeChat has no EventSource, and its requests die ~5 s after
 * the app goes to background, so a page polls only while it is on screen: `onChange` runs every
 * `pollMs` while shown and once when it comes back. The H5 build replaces this file with
 * liveUpdates.h5.ts (Server-Sent Events); both export the same names.
 */
import { useDidHide, useDidShow, useUnload } from '@tarojs/taro'
import { useEffect, useRef } from 'react'

export type LiveChange =
  /** One of my tickets changed (or one of my subscribe messages went out). */
  | { kind: 'ticket' | 'notification'; ticketId: number }
  /** Catch up: a poll tick, the page is back on screen, or the stream reconnected. */
  | { kind: 'poll' | 'shown' | 'reload' }

/** WeChat has no EventSource: nothing is pushed, pages poll. */
export function hasPush(): boolean {
  return false
}

export interface LiveOptions {
  /** Poll interval (weapp); ignored where the server pushes. */
  pollMs: number
  /** false: no polling (e.g. a final ticket); 'shown' still fires when the page comes back. */
  enabled?: boolean
}

export function useLiveChanges(onChange: (change: LiveChange) => void, { pollMs, enabled = true }: LiveOptions): void {
  const callback = useRef(onChange)
  callback.current = onChange
  const enabledRef = useRef(enabled)
  enabledRef.current = enabled
  const timer = useRef<ReturnType<typeof setInterval>>()

  const stop = () => {
    clearInterval(timer.current)
    timer.current = undefined
  }
  const start = () => {
    stop()
    timer.current = setInterval(() => {
      if (!enabledRef.current) return stop()
      callback.current({ kind: 'poll' })
    }, pollMs)
  }

  useEffect(() => {
    if (enabled) start()
    else stop()
    return stop
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start/stop only touch refs
  }, [enabled, pollMs])

  // Back on screen: catch up at once, then keep polling; off screen: no polling.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) {
      callback.current({ kind: 'shown' })
      if (enabledRef.current) start()
    }
    shown.current = true
  })
  useDidHide(stop)
  useUnload(stop)
}
