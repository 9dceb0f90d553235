/**
 * 完成处置: after-photos from the camera only (never the album), each with the phone's position
 * and time at capture, and the rectification notes (quick phrases + free text), both required.
 * A resolve that cannot be sent goes into the work outbox with its key and photos.
 */
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { Button, Image, Text, Textarea, View } from '@tarojs/components'
import { NOTE_MAX } from '@contract/limits'
import type { WorkResolveResponse } from '@contract/work'
import { AFTER_PHOTOS_MAX, RECTIFICATION_PHRASES } from '@contract/work-limits'
import ActionButton from '@/components/ActionButton'
import { useLocation } from '@/hooks/useLocation'
import { ensurePrivacyConsent } from '@/hooks/usePrivacy'
import { isRetryable } from '@/lib/outbox/queue'
import { preparePhoto } from '@/lib/photos/compress'
import { toApiError } from '@/services/apiError'
import { roleProps } from '@/utils/a11y'
import { explainResolveError, newResolveDraft, sendResolve, workOutbox, type ResolveDraft, type ResolveFieldErrors } from '../lib/outbox'

let seq = 0
const newPhotoId = () => `a${Date.now().toString(36)}${(seq++).toString(36)}`

interface ResolveFormProps {
  ticketId: number
  ticketNumber: string
  onResolved: (result: WorkResolveResponse) => void
  onQueued: () => void
}

export default function ResolveForm({ ticketId, ticketNumber, onResolved, onQueued }: ResolveFormProps) {
  const [draft, setDraft] = useState<ResolveDraft>(() => newResolveDraft(ticketId, ticketNumber))
  const latest = useRef(draft)
  const [errors, setErrors] = useState<ResolveFieldErrors>({})
  const [sending, setSending] = useState(false)
  const { locate } = useLocation()

  const update = (next: ResolveDraft) => {
    latest.current = next
    setDraft(next)
  }

  const takePhotos = async () => {
    const room = AFTER_PHOTOS_MAX - latest.current.photos.length
    if (room <= 0) {
      void Taro.showToast({ title: `最多${AFTER_PHOTOS_MAX}张整改照片`, icon: 'none' })
      return
    }
    if (!(await ensurePrivacyConsent())) {
      void Taro.showToast({ title: '需要同意隐私保护指引才能拍照', icon: 'none' })
      return
    }
    let files: { tempFilePath: string; size: number }[]
    try {
      // Camera only: proof of work is taken on the spot, not picked from the album.
      const result = await Taro.chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['camera'], camera: 'back' })
      files = result.tempFiles
    } catch (error) {
      const message = String((error as { errMsg?: string } | null)?.errMsg ?? '')
      if (!/cancel/i.test(message)) void Taro.showToast({ title: '无法打开相机，请检查权限', icon: 'none' })
      return
    }
    const where = await locate()
    if (!where) {
      void Taro.showToast({ title: '需要定位才能提交整改照片，请开启定位后重拍', icon: 'none' })
      return
    }
    const capture = { lat: where.lat, lng: where.lng, at: new Date().toISOString() }
    let photos = latest.current.photos
    for (const file of files.slice(0, room)) {
      try {
        photos = [...photos, { id: newPhotoId(), localPath: await preparePhoto(file), capture }]
      } catch {
        void Taro.showToast({ title: '有一张照片无法读取，已跳过', icon: 'none' })
      }
    }
    update({ ...latest.current, photos: photos.slice(0, AFTER_PHOTOS_MAX) })
    setErrors((current) => ({ ...current, photos: undefined }))
  }

  const removePhoto = (id: string) => update({ ...latest.current, photos: latest.current.photos.filter((photo) => photo.id !== id) })

  const addPhrase = (phrase: string) => {
    const note = latest.current.note.trim()
    update({ ...latest.current, note: note ? `${note}，${phrase}` : phrase })
    setErrors((current) => ({ ...current, note: undefined }))
  }

  const submit = async () => {
    const current = { ...latest.current, note: latest.current.note.trim() }
    const missing: ResolveFieldErrors = {}
    if (current.photos.length === 0) missing.photos = '请至少拍摄1张整改照片'
    if (current.note.length < 2) missing.note = '请填写整改说明'
    setErrors(missing)
    if (missing.photos || missing.note) return
    setSending(true)
    try {
      const { result } = await sendResolve(current, { onDraftChange: update })
      onResolved(result)
    } catch (failure) {
      const error = toApiError(failure)
      if (isRetryable(error)) {
        workOutbox().add(latest.current, error.message)
        void Taro.showToast({ title: '网络不佳，已保存，联网后自动发送', icon: 'none', duration: 3000 })
        onQueued()
      } else {
        const explained = explainResolveError(error)
        setErrors(explained.fieldErrors)
        void Taro.showToast({ title: explained.reason, icon: 'none', duration: 3000 })
      }
    } finally {
      setSending(false)
    }
  }

  return (
    <View className="card resolve-form" {...roleProps('form')} aria-label="完成处置">
      <Text className="section-title">整改照片（{draft.photos.length}/{AFTER_PHOTOS_MAX}，仅限现场拍摄）</Text>
      <View className="after-photos" {...roleProps('list')} aria-label="整改照片">
        {draft.photos.map((photo, index) => (
          <View key={photo.id} className="after-photo" {...roleProps('listitem')}>
            <Image className="after-photo__image" src={photo.localPath} mode="aspectFill" aria-label={`整改照片${index + 1}`} />
            <Button className="after-photo__remove" {...roleProps('button')} aria-label={`删除整改照片${index + 1}`} onClick={() => removePhoto(photo.id)}>
              ×
            </Button>
          </View>
        ))}
        {draft.photos.length < AFTER_PHOTOS_MAX && (
          <Button className="after-photo after-photo--add" {...roleProps('button')} aria-label="拍摄整改照片" onClick={() => void takePhotos()}>
            拍照
          </Button>
        )}
      </View>
      {errors.photos && <Text className="field-error" {...roleProps('alert')}>{errors.photos}</Text>}

      <Text className="section-title">整改说明</Text>
      <View className="phrases" aria-label="常用语">
        {RECTIFICATION_PHRASES.map((phrase) => (
          <Button key={phrase} className="phrase" {...roleProps('button')} onClick={() => addPhrase(phrase)}>
            {phrase}
          </Button>
        ))}
      </View>
      <Textarea
        className="note-input"
        value={draft.note}
        maxlength={NOTE_MAX}
        placeholder="说明现场如何处置，如：已清理垃圾并冲洗地面"
        aria-label="整改说明"
        onInput={(event) => {
          update({ ...latest.current, note: event.detail.value })
          if (event.detail.value.trim()) setErrors((current) => ({ ...current, note: undefined }))
        }}
      />
      {errors.note && <Text className="field-error" {...roleProps('alert')}>{errors.note}</Text>}

      <ActionButton className="resolve-form__submit" onClick={() => void (sending ? undefined : submit())}>
        {sending ? '正在提交…' : '提交处置结果'}
      </ActionButton>
    </View>
  )
}
