import Taro, { useRouter } from '@tarojs/taro'
import { useState, type ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import type { RatingBody, TicketDetail } from '@contract/tickets'
import PageShell from '@/components/PageShell'
import { ErrorView, LoadingView } from '@/components/StateViews'
import { statusLabel, statusTone } from '@/pages/tickets/lib/filters'
import { formatAbsolute, formatRelative } from '../lib/time'
import { showError } from '@/services/http'
import { rateTicket, reopenTicket } from '@/services/tickets'
import { PHOTO_PRIVACY_NOTE } from '@/domain/photo-privacy'
import { roleProps } from '@/utils/a11y'
import AppealForm from '../components/AppealForm'
import NotificationList from '../components/NotificationList'
import Countdown from '@/components/Countdown'
import PhotoCompare from '../components/PhotoCompare'
import PhotoStrip from '../components/PhotoStrip'
import RatingForm from '../components/RatingForm'
import RatingView from '../components/RatingView'
import Timeline from '../components/Timeline'
import TrackSection from '../components/TrackSection'
import { useLiveTicket } from '../lib/useLiveTicket'
import './index.scss'

/** 工单详情: what was reported, where it stands, the proof of the fix, and the resident's verdict. */
export default function TicketDetailPage() {
  const { params } = useRouter()
  const { ticket, error, loading, readAt, reload, replace } = useLiveTicket(Number(params.id))

  return (
    <PageShell>
      {error ? (
        <ErrorView message={error.message} onRetry={() => void reload()} />
      ) : loading || !ticket ? (
        <LoadingView text="正在加载工单…" />
      ) : (
        <TicketView ticket={ticket} now={readAt} onChange={replace} />
      )}
    </PageShell>
  )
}

function TicketView({ ticket, now, onChange }: { ticket: TicketDetail; now: number; onChange: (ticket: TicketDetail) => void }) {
  const inProgress = ticket.status === 'dispatched' || ticket.status === 'in_progress'
  // The reporter sees their photos as taken; everyone else sees faces and plates blurred (#20).
  const privacyNote = ticket.relation === 'reporter' && ticket.photos.length > 0 && <Text className="photo-privacy-note">{PHOTO_PRIVACY_NOTE}</Text>
  return (
    <View className="ticket-detail">
      <Summary ticket={ticket} now={now} />

      <View className="card detail-card">
        <Countdown ticket={ticket} formatDue={formatAbsolute} />
      </View>

      {ticket.afterPhotos.length > 0 ? (
        <Section title="处置前后对比">
          <PhotoCompare before={ticket.photos} after={ticket.afterPhotos} />
          {privacyNote}
        </Section>
      ) : (
        ticket.photos.length > 0 && (
          <Section title="现场照片">
            <PhotoStrip photos={ticket.photos} label="现场照片" />
            {privacyNote}
          </Section>
        )
      )}

      {inProgress && (
        <Section title="处置人员位置">
          <TrackSection ticketId={ticket.id} refreshedAt={now} ticketLocation={ticket.location} />
        </Section>
      )}

      <Verdict ticket={ticket} now={now} onChange={onChange} />

      <Section title="处理进度">
        <Timeline events={ticket.events} now={now} />
      </Section>

      <NotificationList ticketId={ticket.id} refreshedAt={now} />
    </View>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className="detail-section" {...roleProps('region')} aria-label={title}>
      <Text className="section-title">{title}</Text>
      <View className="card detail-card">{children}</View>
    </View>
  )
}

/** At a glance: status, number, category, address, when and what was reported. */
function Summary({ ticket, now }: { ticket: TicketDetail; now: number }) {
  return (
    <View className="card detail-card detail-summary">
      <View className="detail-summary__head">
        <Text className="detail-summary__category">{ticket.categoryName}</Text>
        <Text className={`status-chip status-chip--${statusTone(ticket.status)}`}>{statusLabel(ticket.status)}</Text>
      </View>
      {(ticket.relation === 'follower' || ticket.overdue || ticket.escalated) && (
        <View className="detail-summary__badges">
          {ticket.relation === 'follower' && <Text className="ticket-badge ticket-badge--info">我也遇到</Text>}
          {ticket.overdue && <Text className="ticket-badge ticket-badge--alert">超时</Text>}
          {ticket.escalated && <Text className="ticket-badge ticket-badge--alert">督办</Text>}
        </View>
      )}
      <Field label="工单编号" value={ticket.number} />
      <Field label="问题地址" value={ticket.addressNote ? `${ticket.address.text}（${ticket.addressNote}）` : ticket.address.text} />
      <Field label="上报时间" value={`${formatAbsolute(ticket.createdAt, now)}（${formatRelative(ticket.createdAt, now)}）`} />
      {ticket.assignee && <Field label="处置人员" value={ticket.assignee.name} />}
      {ticket.description && <Field label="问题描述" value={ticket.description} />}
      {ticket.followerCount > 0 && <Field label="关注人数" value={`${ticket.followerCount}位市民也遇到`} />}
    </View>
  )
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <View className="detail-field">
      <Text className="detail-field__label">{label}</Text>
      <Text className="detail-field__value">{value}</Text>
    </View>
  )
}

/** Rating (once) and appeal while the ticket waits for the resident; the rating once given. */
function Verdict({ ticket, now, onChange }: { ticket: TicketDetail; now: number; onChange: (ticket: TicketDetail) => void }) {
  const [appealing, setAppealing] = useState(false)

  if (ticket.rating) {
    return (
      <Section title="我的评价">
        <RatingView rating={ticket.rating} now={now} />
      </Section>
    )
  }
  if (!ticket.canRate && !ticket.canReopen) return null

  const rate = async (body: RatingBody) => {
    try {
      onChange(await rateTicket(ticket.id, body))
      void Taro.showToast({ title: '感谢您的评价', icon: 'success' })
    } catch (failure) {
      showError(failure)
    }
  }
  const appeal = async (reason: string) => {
    try {
      onChange(await reopenTicket(ticket.id, reason))
      setAppealing(false)
      void Taro.showToast({ title: '已提交复核申请', icon: 'success' })
    } catch (failure) {
      showError(failure)
    }
  }

  return (
    <Section title={appealing ? '申请复核' : '评价处理结果'}>
      {appealing ? (
        <AppealForm onSubmit={appeal} onCancel={() => setAppealing(false)} />
      ) : (
        <View>
          {ticket.canRate && <RatingForm onSubmit={rate} />}
          {ticket.canReopen && (
            <View className="appeal-entry">
              <View className="appeal-entry__button" {...roleProps('button')} hoverClass="appeal-entry__button--pressed" onClick={() => setAppealing(true)}>
                不满意，申请复核
              </View>
              {ticket.reopenUntil && <Text className="appeal-entry__hint">可在 {formatAbsolute(ticket.reopenUntil, now)} 前申请</Text>}
            </View>
          )}
        </View>
      )}
    </Section>
  )
}
