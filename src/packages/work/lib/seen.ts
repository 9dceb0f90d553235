/** Which tasks the worker has already seen, so a new one gets a badge (kept on the device). */
import Taro from '@tarojs/taro'

const SEEN_KEY = 'ybs.work.seen'

export function seenTaskIds(): Set<number> {
  const value = Taro.getStorageSync(SEEN_KEY) as number[] | ''
  return new Set(Array.isArray(value) ? value : [])
}

export function markSeen(ids: number[]): void {
  const all = seenTaskIds()
  ids.forEach((id) => all.add(id))
  // The newest few hundred are plenty.
  Taro.setStorageSync(SEEN_KEY, [...all].slice(-300))
}
