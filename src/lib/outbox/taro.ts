/**
 * The outbox on the device: its store in Taro storage, the network-back trigger, and deleting a
 * sent item's saved photo files. The queue itself (queue.ts) knows nothing of Taro.
 */
import Taro from '@tarojs/taro'
import type { FieldMessages, OutboxItem, OutboxStore } from './queue'

/** The items under one storage key (each kind of item has its own key). */
export function taroOutboxStore<D, F extends FieldMessages = FieldMessages>(storageKey: string): OutboxStore<D, F> {
  return {
    load: () => {
      const value = Taro.getStorageSync(storageKey) as OutboxItem<D, F>[] | ''
      return Array.isArray(value) ? value : []
    },
    save: (items) => Taro.setStorageSync(storageKey, items),
  }
}

/** Calls `flush` whenever the network comes back. */
export function flushWhenOnline(flush: () => void): void {
  Taro.onNetworkStatusChange?.(({ isConnected }) => {
    if (isConnected) flush()
  })
  // Browsers report it here more reliably than through navigator.connection (what Taro's H5 API watches).
  if (process.env.TARO_ENV === 'h5') window.addEventListener('online', flush)
}

/** Photos saved under the user data folder (weapp) are deleted once their item was sent. */
export function discardLocalPhoto(path: string): void {
  const userData = Taro.env?.USER_DATA_PATH
  if (process.env.TARO_ENV !== 'weapp' || !userData || !path.startsWith(userData)) return
  Taro.getFileSystemManager().unlink({ filePath: path, fail: () => undefined })
}
