import Taro from '@tarojs/taro'
import { saveSubscriptions } from '@/services/notifications'

/**
 * Taro replaces the expression at build time when the name is set in an .env file; when it is
 * not, the expression stays and the mini-program has no `process` to read it from.
 */
function templateIdsFromEnv(): string {
  try {
    return process.env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS ?? ''
  } catch {
    return ''
  }
}

/** Template ids from TARO_APP_SUBSCRIBE_TEMPLATE_IDS (comma-separated); WeChat takes up to 3 one-off ones per call. */
export function subscribeTemplateIds(raw = templateIdsFromEnv()): string[] {
  return raw
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
    .slice(0, 3)
}

/** The ids WeChat's answer marks 'accept' ('reject', 'ban' and 'filter' give no credit). */
export function acceptedTemplateIds(answer: Record<string, unknown>, asked: string[]): string[] {
  return asked.filter((id) => answer[id] === 'accept')
}

/**
 * Asks (weapp only) to be told about status changes of the report. WeChat shows the dialog only
 * when this runs inside a tap, so the submit handler calls it before its first await. What the
 * resident accepted goes to the backend: each acceptance lets it send one message of that template.
 */
export function askForStatusUpdates(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const tmplIds = subscribeTemplateIds()
  if (tmplIds.length === 0) return
  void requestAndRecord(tmplIds)
}

/** The dialog, then the accepted ids to POST /api/subscriptions; resolves with what was accepted. */
export async function requestAndRecord(tmplIds: string[]): Promise<string[]> {
  try {
    const answer = await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] })
    const accepted = acceptedTemplateIds(answer as unknown as Record<string, unknown>, tmplIds)
    if (accepted.length) await saveSubscriptions(accepted)
    return accepted
  } catch {
    return [] // declining, or the credits not saved: the in-app messages still come
  }
}
