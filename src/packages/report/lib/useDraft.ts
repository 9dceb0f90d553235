/**
 * The report being written, saved to storage as the resident types (debounced) and when the page
 * hides, so it survives the app being closed. One draft at a time; its idempotency key is made
 * with it and only replaced by `reset` (after the report was filed or handed to the outbox).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useUnload } from '@tarojs/taro'
import { DRAFT_STORAGE_KEY, newDraft, type ReportDraft } from '@/domain/report/draft'

const SAVE_DELAY_MS = 400

export function loadDraft(): ReportDraft | null {
  const stored = Taro.getStorageSync(DRAFT_STORAGE_KEY) as ReportDraft | ''
  return stored && typeof stored === 'object' && stored.key ? stored : null
}

function saveDraft(draft: ReportDraft): void {
  try {
    Taro.setStorageSync(DRAFT_STORAGE_KEY, draft)
  } catch {
    void Taro.showToast({ title: '手机存储空间不足，草稿未能保存', icon: 'none' })
  }
}

export interface DraftApi {
  draft: ReportDraft
  /** Always the newest draft, also inside callbacks that closed over an older render. */
  latest: () => ReportDraft
  update: (change: (draft: ReportDraft) => ReportDraft) => void
  /** Forgets the draft (storage too) and starts an empty one with a new key. */
  reset: () => void
}

export function useDraft(init: (stored: ReportDraft | null) => ReportDraft): DraftApi {
  const [draft, setDraft] = useState(() => init(loadDraft()))
  const latestRef = useRef(draft)
  const timer = useRef<ReturnType<typeof setTimeout>>()

  const flush = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = undefined
    saveDraft(latestRef.current)
  }, [])

  const update = useCallback((change: (draft: ReportDraft) => ReportDraft) => {
    const next = { ...change(latestRef.current), updatedAt: new Date().toISOString() }
    latestRef.current = next
    setDraft(next)
    clearTimeout(timer.current)
    timer.current = setTimeout(flush, SAVE_DELAY_MS)
  }, [flush])

  const reset = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = undefined
    Taro.removeStorageSync(DRAFT_STORAGE_KEY)
    const fresh = newDraft()
    latestRef.current = fresh
    setDraft(fresh)
  }, [])

  // What init merged in (category, location from the link) is saved at once.
  useEffect(flush, [flush])
  useDidHide(() => timer.current && flush())
  useUnload(() => timer.current && flush())

  return { draft, latest: () => latestRef.current, update, reset }
}
