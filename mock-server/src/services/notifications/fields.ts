/**
 * What a subscribe message says: the template (progress, result or reply), its fields cut to
 * WeChat's limits, and the page it opens. Pure: tests call it directly.
 */
import { monthDayTimeZh } from '@contract/china-time'
import { STATUS_LABELS, type TicketEventType, type TicketStatus } from '@contract/lifecycle'
import {
  NOTIFIED_EVENT_TEMPLATES,
  REPLY_SUBSCRIBE_FIELDS,
  SUBSCRIBE_FIELDS,
  fieldValue,
  type SubscribeFieldType,
  type SubscribeTemplateKind,
} from '@contract/subscribe'

export interface SubscribeFieldsInput {
  ticketId: number
  type: TicketEventType
  status: TicketStatus
  number: string
  categoryName: string
  /** The event's note: a rejection's reason, a staff reply's text. */
  note: string | null
  /** ISO time of the event. */
  at: string
  /** Dispatched: the assigned worker's name. */
  workerName?: string | null
}

export interface SubscribeContent {
  kind: SubscribeTemplateKind
  page: string
  data: Record<string, { value: string }>
}

/** WeChat's `time` format: 2026年11月25日 10:00, in China time. */
export function wechatTime(iso: string): string {
  return monthDayTimeZh(iso, { withYear: true })
}

/** The ticket's page in the mini-program (see src/app.config.ts). */
export function ticketPage(ticketId: number): string {
  return `packages/ticket/detail/index?id=${ticketId}`
}

function remark(input: SubscribeFieldsInput): string {
  switch (input.type) {
    case 'accepted':
      return '已受理，正在安排处置'
    case 'dispatched':
      return input.workerName ? `作业人员：${input.workerName}` : (input.note ?? '已派遣作业人员处置')
    case 'resolved':
      return '已处置完成，请查看并评价'
    case 'rejected':
      return input.note ? `原因：${input.note}` : '不属于受理范围'
    case 'reopened':
      return '已申请复核，将重新派遣处置'
    case 'closed':
      return '工单已办结，感谢您的参与'
    case 'escalated':
      return '已超过处置时限，已督办'
    default:
      return input.note ?? ''
  }
}

function statusPhrase(input: SubscribeFieldsInput): string {
  if (input.type === 'escalated') return '已督办'
  return STATUS_LABELS[input.status]
}

/** Each field's text cut to its type's rules. */
function fill<K extends string>(fields: readonly { key: K; type: SubscribeFieldType }[], raw: Record<K, string>): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {}
  for (const field of fields) data[field.key] = { value: fieldValue(field.type, raw[field.key]) }
  return data
}

/** null when the event sends no subscribe message. */
export function subscribeContent(input: SubscribeFieldsInput): SubscribeContent | null {
  const kind = NOTIFIED_EVENT_TEMPLATES[input.type]
  if (!kind) return null
  const data =
    kind === 'reply'
      ? // 工单回复: the staff's words themselves (the in-app message has them in full).
        fill(REPLY_SUBSCRIBE_FIELDS, { character_string1: input.number, thing2: input.note ?? '', time3: wechatTime(input.at) })
      : fill(SUBSCRIBE_FIELDS, {
          character_string1: input.number,
          thing2: input.categoryName,
          phrase3: statusPhrase(input),
          time4: wechatTime(input.at),
          thing5: remark(input),
        })
  return { kind, page: ticketPage(input.ticketId), data }
}
