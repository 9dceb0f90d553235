/**
 * The draft's photos: choose (camera or album), compress on the device, upload at once with a
 * progress per photo, retry a failed one, delete. Upload results land in the draft, so a photo
 * uploaded before the app closed is not uploaded again.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { PHOTOS_MAX } from '@contract/limits'
import { ensurePrivacyConsent } from '@/hooks/usePrivacy'
import { toApiError } from '@/services/apiError'
import { discardLocalPhoto } from '@/lib/outbox/taro'
import { uploadPhoto } from '@/services/report'
import { localCopyAfterUpload, preparePhoto } from '@/lib/photos/compress'
import type { DraftApi } from './useDraft'

export interface UploadStatus {
  percent: number
  /** Chinese reason when the last upload failed. */
  error?: string
}

let photoSeq = 0
const newPhotoId = () => `p${Date.now().toString(36)}${(photoSeq++).toString(36)}`

const quiet = () => undefined

/** `announce` (stable) reads upload results out to screen readers (the form's LiveRegion, #16). */
export function usePhotos({ latest, update }: DraftApi, announce: (text: string, urgent?: boolean) => void = quiet) {
  const [uploads, setUploads] = useState<Record<string, UploadStatus>>({})
  const pending = useRef(new Map<string, Promise<void>>())
  const alive = useRef(true)

  const setStatus = useCallback((id: string, status: UploadStatus | null) => {
    if (!alive.current) return
    setUploads((current) => {
      const { [id]: _previous, ...rest } = current
      return status ? { ...rest, [id]: status } : rest
    })
  }, [])

  const upload = useCallback(
    (id: string) => {
      const photo = latest().photos.find((candidate) => candidate.id === id)
      if (!photo || photo.uploadedId || pending.current.has(id)) return
      setStatus(id, { percent: 0 })
      const run = uploadPhoto(photo.localPath, (percent) => setStatus(id, { percent }))
        .then((uploaded) => {
          update((draft) => ({
            ...draft,
            photos: draft.photos.map((item) =>
              item.id === id ? { ...item, uploadedId: uploaded.id, thumbUrl: uploaded.thumbUrl, localPath: localCopyAfterUpload(item.localPath) } : item,
            ),
          }))
          setStatus(id, null)
          announce(`照片已上传，共${latest().photos.filter((item) => item.uploadedId).length}张`)
        })
        .catch((error: unknown) => {
          const message = toApiError(error).message
          setStatus(id, { percent: 0, error: message })
          announce(`照片上传失败：${message}`, true)
        })
        .finally(() => pending.current.delete(id))
      pending.current.set(id, run)
    },
    [latest, update, setStatus, announce],
  )

  // Photos the last session could not upload go up as soon as the form opens.
  useEffect(() => {
    alive.current = true
    latest().photos.forEach((photo) => photo.uploadedId || upload(photo.id))
    return () => {
      alive.current = false
    }
  }, [latest, upload])

  const add = useCallback(async () => {
    const room = PHOTOS_MAX - latest().photos.length
    if (room <= 0) {
      void Taro.showToast({ title: `最多添加${PHOTOS_MAX}张照片`, icon: 'none' })
      return
    }
    // weapp: WeChat refuses the album and camera (errno 112) until the privacy guide is agreed to.
    if (!(await ensurePrivacyConsent())) {
      void Taro.showToast({ title: '需要同意隐私保护指引才能添加照片', icon: 'none' })
      return
    }
    let files: { tempFilePath: string; size: number }[]
    try {
      const result = await Taro.chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      files = result.tempFiles
    } catch (error) {
      const message = String((error as { errMsg?: string } | null)?.errMsg ?? '')
      if (!/cancel/i.test(message)) void Taro.showToast({ title: '无法打开相册或相机，请检查权限', icon: 'none' })
      return
    }
    for (const file of files.slice(0, room)) {
      let localPath: string
      try {
        localPath = await preparePhoto(file)
      } catch {
        void Taro.showToast({ title: '有一张照片无法读取，已跳过', icon: 'none' })
        continue
      }
      const id = newPhotoId()
      update((draft) => ({ ...draft, photos: [...draft.photos, { id, localPath }].slice(0, PHOTOS_MAX) }))
      upload(id)
    }
  }, [latest, update, upload])

  const remove = useCallback(
    (id: string) => {
      const photo = latest().photos.find((candidate) => candidate.id === id)
      update((draft) => ({ ...draft, photos: draft.photos.filter((item) => item.id !== id) }))
      setStatus(id, null)
      if (photo?.localPath) discardLocalPhoto(photo.localPath)
    },
    [latest, update, setStatus],
  )

  /** Waits for uploads in progress (submit then sends whatever is still missing itself). */
  const settled = useCallback(() => Promise.allSettled([...pending.current.values()]).then(() => undefined), [])

  return { uploads, add, retry: upload, remove, settled }
}
