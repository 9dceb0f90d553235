/**
 * Screen-reader announcements (#16): a state change that happens away from the focus (a photo
 * finished or failed uploading, the ticket went in, an error) is read out without moving focus.
 * The region is always rendered (screen readers watch a region that already exists, not one that
 * appears) and visually hidden. Polite for news, assertive + role=alert for errors. On weapp the
 * same props reach WeChat's screen reader through config/plugins/weapp-aria (View: aria-role, aria-live).
 * Used by subpackage pages only, so it stays out of the main package.
 */
import { useCallback, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import './index.scss'

export interface Announcement {
  text: string
  urgent: boolean
}

/** `announce('照片已上传')`; the same text twice is still read twice (a no-break space tells them apart). */
export function useAnnouncer() {
  const [announcement, setAnnouncement] = useState<Announcement>({ text: '', urgent: false })
  const last = useRef('')
  const announce = useCallback((text: string, urgent = false) => {
    const next = text === last.current.trimEnd() && !last.current.endsWith('\u00a0') ? `${text}\u00a0` : text
    last.current = next
    setAnnouncement({ text: next, urgent })
  }, [])
  return { announcement, announce }
}

const h5 = process.env.TARO_ENV === 'h5'

/** Two regions, one polite and one assertive, so a later error never downgrades to polite. */
export default function LiveRegion({ announcement }: { announcement: Announcement }) {
  const { text, urgent } = announcement
  return (
    <View className="live-region">
      <View className="live-region__item" aria-live="polite" {...(h5 ? { role: 'status' } : { 'aria-role': 'status' })}>
        {urgent ? '' : text}
      </View>
      <View className="live-region__item" aria-live="assertive" {...(h5 ? { role: 'alert' } : { 'aria-role': 'alert' })}>
        {urgent ? text : ''}
      </View>
    </View>
  )
}
