import { useCallback, useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import type { Category } from '@contract/schemas'
import type { NearbyTicket } from '@contract/tickets'
import type { LatLng } from '@/components/MapView/types'
import ActionButton from '@/components/ActionButton'
import PageShell from '@/components/PageShell'
import PrivacyConsent from '@/components/PrivacyConsent'
import LiveRegion, { useAnnouncer } from '@/components/LiveRegion'
import { ErrorView, LoadingView } from '@/components/StateViews'
import { useElderMode } from '@/hooks/useLargeText'
import { useLocation } from '@/hooks/useLocation'
import { useRequest } from '@/hooks/useRequest'
import { toApiError } from '@/services/apiError'
import { listCategories } from '@/services/categories'
import { resolveAddress } from '@/services/geo'
import { showError } from '@/services/http'
import { newDraft, type ReportDraft } from '@/domain/report/draft'
import { fieldErrorsOf, type FieldErrors } from '@/domain/report/messages'
import { reportOutbox } from '@/domain/report/outbox'
import { sendReport } from '@/domain/report/sender'
import { isRetryable } from '@/lib/outbox/queue'
import { discardLocalPhoto } from '@/lib/outbox/taro'
import { createTicket, followTicket, nearbyTickets, uploadPhoto } from '@/services/report'
import { roleProps } from '@/utils/a11y'
import { askForStatusUpdates } from '../lib/subscribe'
import { useDraft } from '../lib/useDraft'
import { usePhotos } from '../lib/usePhotos'
import { appendPhrase, validateDraft } from '../lib/validate'
import CategoryPicker from './CategoryPicker'
import DescriptionField from './DescriptionField'
import DuplicateList from './DuplicateList'
import LocationSection, { type AddressState } from './LocationSection'
import PhotoPicker from './PhotoPicker'
import './index.scss'

export const SUCCESS_URL = '/packages/report/success/index'
export const OUTBOX_URL = '/packages/report/outbox/index'

type FormParams = Partial<Record<'categoryId' | 'lat' | 'lng' | 'facilityId', string>>

/** The stored draft (or a new one), with what the link brings: category, GCJ-02 point, facility. */
export function draftFromLink(stored: ReportDraft | null, params: FormParams): ReportDraft {
  const draft = { ...(stored ?? newDraft()) }
  if (params.categoryId && params.categoryId !== draft.categoryId) {
    draft.categoryId = params.categoryId
    draft.categoryName = undefined
  }
  const lat = Number(params.lat)
  const lng = Number(params.lng)
  if (params.lat && params.lng && Number.isFinite(lat) && Number.isFinite(lng)) draft.location = { lat, lng }
  if (params.facilityId) draft.facilityId = params.facilityId
  return draft
}

const insideOf = (address: AddressState) => (address.kind === 'inside' ? true : address.kind === 'outside' ? false : undefined)

const STEP_NAMES = ['拍照', '选择地点', '描述问题']

/** 填写上报: photos, description, location, the duplicate check and submit (or the outbox when offline). */
export default function ReportFormPage() {
  const { params } = useRouter<FormParams>()
  const categories = useRequest(listCategories)
  const draftApi = useDraft((stored) => draftFromLink(stored, params))
  const { draft, update, latest, reset } = draftApi
  const { announcement, announce } = useAnnouncer()
  const photos = usePhotos(draftApi, announce)
  const position = useLocation()
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [submitting, setSubmitting] = useState(false)
  // 长辈版 (#16): one step at a time (photo, then place, then words); a step with an error comes back.
  const elder = useElderMode()
  const [step, setStep] = useState(0)
  const shows = (which: number) => !elder || step === which
  useEffect(() => {
    if (errors.photos || errors.category) setStep(0)
    else if (errors.location) setStep(1)
  }, [errors])
  const [address, setAddress] = useState<AddressState>({ kind: 'none' })
  const [duplicates, setDuplicates] = useState<NearbyTicket[]>([])
  const [followingId, setFollowingId] = useState<number>()
  const [pickingCategory, setPickingCategory] = useState(false)

  const category = categories.data?.find((item) => item.id === draft.categoryId)
  const { lat, lng } = draft.location ?? {}

  const clearError = (field: keyof FieldErrors) => setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current))

  const setLocation = useCallback(
    (point: LatLng) => {
      update((current) => ({ ...current, location: { lat: point.lat, lng: point.lng } }))
      setErrors((current) => ({ ...current, location: undefined }))
    },
    [update],
  )

  const locateMe = useCallback(() => {
    void position.locate().then((point) => point && setLocation(point))
  }, [position, setLocation])

  // The resident's position, unless the draft (or the link) already has one.
  useEffect(() => {
    if (!latest().location) void position.locate().then((point) => point && !latest().location && setLocation(point))
    // once, on open
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // The draft keeps the category's name for the outbox list and the tab's 继续填写 card.
  useEffect(() => {
    if (category && latest().categoryName !== category.name) update((current) => ({ ...current, categoryName: category.name }))
  }, [category, latest, update])

  // Which street/community the pin is in (and whether it is in the district at all).
  useEffect(() => {
    if (lat === undefined || lng === undefined) return setAddress({ kind: 'none' })
    let current = true
    setAddress({ kind: 'loading' })
    const timer = setTimeout(() => {
      resolveAddress({ lat, lng }).then(
        (result) => current && setAddress(result.inside && result.address ? { kind: 'inside', address: result.address } : { kind: 'outside' }),
        () => current && setAddress({ kind: 'unknown' }),
      )
    }, 300)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [lat, lng])

  // The duplicate check: open tickets of this category within ~100 m of the pin.
  useEffect(() => {
    if (lat === undefined || lng === undefined || !draft.categoryId) return setDuplicates([])
    let current = true
    const timer = setTimeout(() => {
      nearbyTickets({ lat, lng }, draft.categoryId!).then(
        (items) => current && setDuplicates(items),
        () => current && setDuplicates([]), // offline: no check, the report still goes out
      )
    }, 400)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [lat, lng, draft.categoryId])

  const pickCategory = (picked: Category) => {
    update((current) => ({ ...current, categoryId: picked.id, categoryName: picked.name }))
    setPickingCategory(false)
    clearError('category')
  }

  const submit = async () => {
    if (submitting) return
    const found = validateDraft(latest(), { insideDistrict: insideOf(address) })
    setErrors(found)
    setFormError(undefined)
    const firstError = Object.values(found).find(Boolean)
    if (firstError) {
      announce(`无法提交：${firstError}`, true)
      void Taro.showToast({ title: firstError, icon: 'none' })
      return
    }
    askForStatusUpdates() // inside the tap, before any await (WeChat's rule)
    setSubmitting(true)
    announce('正在提交…')
    try {
      await photos.settled()
      const { ticket } = await sendReport(latest(), { uploadPhoto, createTicket }, {
        onDraftChange: (sent) => update((current) => ({ ...current, photos: sent.photos })),
      })
      latest().photos.forEach((photo) => discardLocalPhoto(photo.localPath))
      reset()
      const query = `id=${ticket.id}&number=${encodeURIComponent(ticket.number)}&dueAt=${encodeURIComponent(ticket.dueAt)}`
      void Taro.redirectTo({ url: `${SUCCESS_URL}?${query}` })
    } catch (error) {
      const apiError = toApiError(error)
      if (isRetryable(apiError)) {
        // No network or a server fault: the outbox sends it later with the same key.
        reportOutbox().add(latest(), apiError.message)
        reset()
        void Taro.redirectTo({ url: `${OUTBOX_URL}?queued=1` })
        return
      }
      const fieldErrors = fieldErrorsOf(apiError, latest())
      setErrors(fieldErrors)
      if (Object.keys(fieldErrors).length === 0) setFormError(apiError.message)
      announce(`提交失败：${Object.values(fieldErrors).find(Boolean) ?? apiError.message}`, true)
    } finally {
      setSubmitting(false)
    }
  }

  const follow = async (ticket: NearbyTicket) => {
    const current = latest()
    if (current.description.trim() || current.photos.length > 0) {
      const { confirm } = await Taro.showModal({
        title: '我也遇到',
        content: '关注这个问题后，本次填写的内容将不再提交。确定吗？',
        confirmText: '确定关注',
        cancelText: '继续上报',
      })
      if (!confirm) return
    }
    setFollowingId(ticket.id)
    try {
      await followTicket(ticket.id)
      latest().photos.forEach((photo) => discardLocalPhoto(photo.localPath))
      reset()
      void Taro.redirectTo({ url: `${SUCCESS_URL}?followed=1&id=${ticket.id}&number=${encodeURIComponent(ticket.number)}` })
    } catch (error) {
      showError(error)
    } finally {
      setFollowingId(undefined)
    }
  }

  if (categories.error && !categories.data) {
    return (
      <PageShell>
        <ErrorView message={categories.error.message} onRetry={categories.reload} />
      </PageShell>
    )
  }
  if (!categories.data) {
    return (
      <PageShell>
        <LoadingView text="正在打开上报表单…" />
      </PageShell>
    )
  }

  const descriptionField = (
        <DescriptionField
          description={draft.description}
          address={draft.address}
          quickPhrases={category?.quickPhrases ?? []}
          errors={errors}
          onDescription={(description) => {
            update((current) => ({ ...current, description }))
            clearError('description')
          }}
          onPhrase={(phrase) => {
            update((current) => ({ ...current, description: appendPhrase(current.description, phrase) }))
            clearError('description')
          }}
          onAddress={(text) => {
            update((current) => ({ ...current, address: text }))
            clearError('address')
          }}
          sharePublicly={draft.sharePublicly ?? false}
          onSharePublicly={(share) => update((current) => ({ ...current, sharePublicly: share }))}
          onVoice={(text) => {
            update((current) => ({ ...current, description: appendPhrase(current.description, text) }))
            clearError('description')
          }}
          onAnnounce={announce}
        />
  )
  const locationField = (
        <LocationSection
          location={draft.location}
          locationStatus={position.status}
          locationError={position.error}
          address={address}
          error={errors.location}
          onChange={setLocation}
          onLocate={locateMe}
        />
  )

  return (
    <PageShell>
      <View className="report-form">
        {shows(0) && (
          <>
        <CategoryPicker
          categories={categories.data}
          selected={category}
          picking={pickingCategory || !category}
          error={errors.category}
          onPick={pickCategory}
          onChange={() => setPickingCategory(true)}
        />
        <PhotoPicker
          photos={draft.photos}
          uploads={photos.uploads}
          error={errors.photos}
          onAdd={() => {
            clearError('description')
            clearError('photos')
            void photos.add()
          }}
          onRetry={photos.retry}
          onRemove={photos.remove}
        />
          </>
        )}
        {!elder && descriptionField}
        {shows(1) && locationField}
        {elder && step === 2 && descriptionField}
        {elder && (
          <View className="form-steps">
            <Text className="form-steps__title" {...roleProps('status')} aria-live="polite">
              第{step + 1}步，共3步：{STEP_NAMES[step]}
            </Text>
            {step > 0 && (
              <ActionButton className="action-button--secondary" onClick={() => setStep(step - 1)}>
                上一步
              </ActionButton>
            )}
            {step < 2 && <ActionButton onClick={() => setStep(step + 1)}>下一步：{STEP_NAMES[step + 1]}</ActionButton>}
          </View>
        )}
        {shows(2) && (
          <>
        <DuplicateList tickets={duplicates} followingId={followingId} onFollow={follow} />
        {formError && (
          <Text className="field-error form-error" {...roleProps('alert')}>
            {formError}
          </Text>
        )}
        <Button {...roleProps('button')}
          className={submitting ? 'submit-button submit-button--busy' : 'submit-button'}
          hoverClass="submit-button--pressed"
          // Only set when true: Taro's H5 button greys out for any `disabled` attribute, even "false".
          disabled={submitting || undefined}
          aria-disabled={submitting}
          onClick={() => void submit()}
        >
          {submitting ? '正在提交…' : duplicates.length > 0 ? '不是同一问题，仍要上报' : '提交上报'}
        </Button>
        <Text className="submit-hint">网络不好也没关系：提交失败的上报会保存在“待发送”，联网后自动发送，不会重复。</Text>
          </>
        )}
      </View>
      <LiveRegion announcement={announcement} />
      <PrivacyConsent />
    </PageShell>
  )
}
