/**
 * The unread-notification count, shown as the 我的工单 tab's badge and on the in-page entry to
 * 消息通知. Refreshed whenever the tab shows (coming back from the messages page included).
 */
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { unreadCount } from '@/services/messages'

/** Index of 我的工单 in app.config.ts's tabBar.list. */
const TICKETS_TAB_INDEX = 2

export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count)
}

function showOnTabBar(count: number): void {
  // The tab bar may not be ready (or the page not be a tab page in tests): the badge is a bonus.
  try {
    const done = count > 0 ? Taro.setTabBarBadge({ index: TICKETS_TAB_INDEX, text: badgeText(count) }) : Taro.removeTabBarBadge({ index: TICKETS_TAB_INDEX })
    Promise.resolve(done).catch(() => undefined)
  } catch {
    // same: no badge
  }
}

export function useUnreadBadge(): { unread: number; refreshUnread: () => Promise<void> } {
  const [unread, setUnread] = useState(0)
  const refreshUnread = useCallback(async () => {
    try {
      const count = await unreadCount()
      setUnread(count)
      showOnTabBar(count)
    } catch {
      // The list shows connection problems already; a missing badge is not worth a second message.
    }
  }, [])
  return { unread, refreshUnread }
}
