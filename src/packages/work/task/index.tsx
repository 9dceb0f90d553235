import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import { Button, Image, Text, View } from '@tarojs/components'
import type { TicketDetail } from '@contract/tickets'
import type { WorkResolveResponse } from '@contract/work'
import ActionButton from '@/components/ActionButton'
import Countdown from '@/components/Countdown'
import MapView from '@/components/MapView'
import LiveRegion, { useAnnouncer } from '@/components/LiveRegion'
import PageShell from '@/components/PageShell'
import { ErrorView, LoadingView } from '@/components/StateViews'
import { toApiError } from '@/services/apiError'
import { mediaUrl } from '@/services/http'
import { roleProps } from '@/utils/a11y'
import { fetchTask, startTask } from '../lib/api'
import { chinaMonthDayTime, WORK_STATUS_LABELS } from '../lib/format'
import { useWorkerGuard } from '../lib/guard'
import { pendingResolve, workOutbox } from '../lib/outbox'
import { markSeen } from '../lib/seen'
import ResolveForm from './ResolveForm'
import './index.scss'

const formatDue = (dueAt: string) => chinaMonthDayTime(dueAt)

/** The task: the resident's photos and words, where it is (map, 导航), the deadline, 开始处置 and 完成处置. */
export default function TaskPage() {
  const guard = useWorkerGuard()
  const { params } = useRouter<{ id?: string }>()
  const id = Number(params.id)
  const [ticket, setTicket] = useState<TicketDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [warning, setWarning] = useState<string | null>(null)
  const [queued, setQueued] = useState(false)
  // Screen readers hear what the toasts say (#16).
  const { announcement, announce } = useAnnouncer()

  const load = useCallback(async () => {
    try {
      setTicket(await fetchTask(id))
      setError(null)
      markSeen([id])
    } catch (failure) {
      setError(toApiError(failure).message)
    }
  }, [id])

  useDidShow(() => {
    if (guard) return
    setQueued(Boolean(pendingResolve(id)))
    void workOutbox()
      .flush()
      .then(() => {
        setQueued(Boolean(pendingResolve(id)))
        return load()
      })
  })

  if (guard) return <PageShell>{guard}</PageShell>
  if (error) return <PageShell><ErrorView message={error} onRetry={() => void load()} /></PageShell>
  if (!ticket) return <PageShell><LoadingView text="正在加载任务…" /></PageShell>

  const start = async () => {
    setBusy(true)
    try {
      setTicket(await startTask(ticket.id))
      void Taro.showToast({ title: '已开始处置', icon: 'none' })
      announce('已开始处置')
    } catch (failure) {
      void Taro.showToast({ title: toApiError(failure).message, icon: 'none' })
      announce(toApiError(failure).message, true)
    } finally {
      setBusy(false)
    }
  }

  const resolved = (result: WorkResolveResponse) => {
    setTicket(result.ticket)
    const far = result.warnings.find((item) => item.code === 'FAR_FROM_SITE')
    announce(far ? `整改照片已上传，处置结果已提交。${far.message}` : '整改照片已上传，处置结果已提交', Boolean(far))
    if (far) {
      setWarning(far.message)
      void Taro.showModal({ title: '位置提醒', content: far.message, showCancel: false, confirmText: '知道了' })
    } else {
      void Taro.showToast({ title: '处置结果已提交', icon: 'success' })
    }
  }

  const navigate = () =>
    void Taro.openLocation({ latitude: ticket.location.lat, longitude: ticket.location.lng, name: ticket.categoryName, address: ticket.address.text, scale: 17 }).catch(() =>
      Taro.showToast({ title: '无法打开导航', icon: 'none' }),
    )

  const photoUrls = ticket.photos.map((photo) => mediaUrl(photo.url))
  const afterUrls = ticket.afterPhotos.map((photo) => mediaUrl(photo.url))

  return (
    <PageShell>
      <View className="card task-summary">
        <View className="task-summary__head">
          <Text className="task-summary__category">{ticket.categoryName}</Text>
          <Text className={`task-summary__status task-summary__status--${ticket.status}`}>{WORK_STATUS_LABELS[ticket.status] ?? ticket.status}</Text>
        </View>
        <Text className="task-summary__number">{ticket.number}</Text>
        <Text className="task-summary__description">{ticket.description || '（市民未填写描述）'}</Text>
        {ticket.addressNote && <Text className="task-summary__note">补充位置：{ticket.addressNote}</Text>}
        {photoUrls.length > 0 && (
          <View className="task-photos" {...roleProps('list')} aria-label="市民拍摄的现场照片">
            {ticket.photos.map((photo, index) => (
              <Image
                key={photo.id}
                className="task-photo"
                src={mediaUrl(photo.thumbUrl)}
                mode="aspectFill"
                aria-label={`现场照片${index + 1}`}
                onClick={() => void Taro.previewImage({ urls: photoUrls, current: photoUrls[index] })}
              />
            ))}
          </View>
        )}
      </View>

      <View className="card task-place">
        <Text className="task-place__address">{ticket.address.text}</Text>
        <MapView
          ariaLabel="任务位置地图"
          center={ticket.location}
          markers={[{ id: ticket.id, lat: ticket.location.lat, lng: ticket.location.lng, kind: 'ticket', title: ticket.categoryName }]}
          showLocation
          height="36vh"
        />
        <Button className="task-place__navigate" {...roleProps('button')} hoverClass="task-place__navigate--pressed" onClick={navigate}>
          导航
        </Button>
      </View>

      <View className="card">
        <Countdown ticket={ticket} formatDue={formatDue} />
      </View>

      {warning && (
        <View className="task-warning" {...roleProps('alert')}>
          {warning}
        </View>
      )}
      {queued && (
        <View className="task-queued" {...roleProps('status')}>
          处置结果已保存在手机上，联网后自动发送
        </View>
      )}

      {ticket.status === 'dispatched' && (
        <ActionButton className="task-start" onClick={() => void (busy ? undefined : start())}>
          {busy ? '正在开始…' : '开始处置'}
        </ActionButton>
      )}
      {ticket.status === 'in_progress' && !queued && (
        <ResolveForm ticketId={ticket.id} ticketNumber={ticket.number} onResolved={resolved} onQueued={() => {
          setQueued(true)
          announce('网络不佳，处置结果已保存，联网后自动发送')
        }} />
      )}
      {afterUrls.length > 0 && (
        <View className="card">
          <Text className="section-title">整改照片</Text>
          <View className="task-photos" {...roleProps('list')} aria-label="整改照片">
            {ticket.afterPhotos.map((photo, index) => (
              <Image
                key={photo.id}
                className="task-photo"
                src={mediaUrl(photo.thumbUrl)}
                mode="aspectFill"
                aria-label={`整改照片${index + 1}`}
                onClick={() => void Taro.previewImage({ urls: afterUrls, current: afterUrls[index] })}
              />
            ))}
          </View>
        </View>
      )}
      <LiveRegion announcement={announcement} />
    </PageShell>
  )
}
