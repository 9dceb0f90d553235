/**
 * WeChat subscribe messages (服务通知): the three templates, which ticket events use which, the
 * field limits WeChat enforces and the one function that cuts text to them. Pure values and
 * functions (no TypeBox), so the app can import them; the schemas live in notifications.ts.
 */
import type { TicketEventType } from './lifecycle'

/** progress = 受理, 派遣, 驳回, 复核, 督办; result = 办结 (asks for a rating); reply = 工单回复 (staff answered). */
export const SUBSCRIBE_TEMPLATE_KINDS = ['progress', 'result', 'reply'] as const
export type SubscribeTemplateKind = (typeof SUBSCRIBE_TEMPLATE_KINDS)[number]

/** The events that send a subscribe message, and with which template. */
export const NOTIFIED_EVENT_TEMPLATES: Partial<Record<TicketEventType, SubscribeTemplateKind>> = {
  accepted: 'progress',
  dispatched: 'progress',
  rejected: 'progress',
  reopened: 'progress',
  escalated: 'progress',
  resolved: 'result',
  closed: 'result',
  replied: 'reply',
}

/** Events told to the reporter only (督办 is about the city's own deadline; a reply answers the reporter). */
export const REPORTER_ONLY_EVENTS: readonly TicketEventType[] = ['escalated', 'replied']

/** WeChat's field types used by the templates, and their length limits in characters. */
export const SUBSCRIBE_FIELD_LIMITS = {
  thing: 20,
  character_string: 32,
  phrase: 5,
  time: 32,
} as const
export type SubscribeFieldType = keyof typeof SUBSCRIBE_FIELD_LIMITS

/**
 * The template fields in the order the templates define them. The keys are the ones WeChat shows
 * for a template in the admin console (`character_string1` …); progress and result use the same five.
 */
export const SUBSCRIBE_FIELDS = [
  { key: 'character_string1', type: 'character_string', label: '工单编号' },
  { key: 'thing2', type: 'thing', label: '问题类型' },
  { key: 'phrase3', type: 'phrase', label: '处理状态' },
  { key: 'time4', type: 'time', label: '时间' },
  { key: 'thing5', type: 'thing', label: '备注' },
] as const satisfies readonly { key: string; type: SubscribeFieldType; label: string }[]

/** The reply template (工单回复) has three fields of its own: the number, the reply (cut to 20), the time. */
export const REPLY_SUBSCRIBE_FIELDS = [
  { key: 'character_string1', type: 'character_string', label: '工单编号' },
  { key: 'thing2', type: 'thing', label: '回复内容' },
  { key: 'time3', type: 'time', label: '回复时间' },
] as const satisfies readonly { key: string; type: SubscribeFieldType; label: string }[]

/**
 * At most `max` characters, counted in code points, so an emoji (two UTF-16 units) is never split
 * into half a surrogate pair. A cut text ends with '…' (which counts toward `max`). Line breaks and
 * runs of spaces become one space: WeChat shows one line.
 */
export function cutText(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  const points = Array.from(clean)
  if (points.length <= max) return clean
  if (max <= 1) return points.slice(0, max).join('')
  return points.slice(0, max - 1).join('') + '…'
}

/** `phrase` takes up to 5 Chinese characters and nothing else: other characters are dropped. */
export function phraseText(text: string): string {
  return Array.from(text.replace(/[^\u4e00-\u9fff]/g, '')).slice(0, SUBSCRIBE_FIELD_LIMITS.phrase).join('')
}

/** `character_string`: letters, digits and symbols only, up to 32. */
export function characterString(text: string): string {
  return Array.from(text.replace(/[^\x21-\x7e]/g, '')).slice(0, SUBSCRIBE_FIELD_LIMITS.character_string).join('')
}

/** One field's value cut to its type's rules. */
export function fieldValue(type: SubscribeFieldType, text: string): string {
  if (type === 'phrase') return phraseText(text)
  if (type === 'character_string') return characterString(text)
  return cutText(text, SUBSCRIBE_FIELD_LIMITS[type])
}

/** What happened to one subscribe message (the ticket page lists them). */
export const NOTIFICATION_STATES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'unknown'] as const
export type NotificationState = (typeof NOTIFICATION_STATES)[number]

/** Why a message was not sent (or may not have been). */
export const NOTIFICATION_REASONS = [
  'no_credit',
  'no_template',
  'disabled',
  'refused',
  'bad_field',
  'expired',
  'interrupted',
  'rejected_by_wechat',
] as const
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number]

export const NOTIFICATION_STATE_LABELS: Record<NotificationState, string> = {
  pending: '等待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  skipped: '未发送',
  unknown: '发送结果未知',
}

export const NOTIFICATION_REASON_LABELS: Record<NotificationReason, string> = {
  no_credit: '未订阅此类通知',
  no_template: '未配置通知模板',
  disabled: '未开启微信通知',
  refused: '已在微信中拒收',
  bad_field: '通知内容不符合要求',
  expired: '微信长时间不可用，已放弃',
  interrupted: '发送时服务重启，为避免重复未再发送',
  rejected_by_wechat: '微信拒绝了这条通知',
}

export const TEMPLATE_KIND_LABELS: Record<SubscribeTemplateKind, string> = {
  progress: '进度通知',
  result: '办结通知',
  reply: '回复通知',
}
