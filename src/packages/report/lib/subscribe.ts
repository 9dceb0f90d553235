import Taro from '@tarojs/taro'

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

/**
 * Asks (weapp only) to be told about status changes of the report. WeChat shows the dialog only
 * when this runs inside a tap, so the submit handler calls it before its first await.
 */
export function askForStatusUpdates(): void {
  if (process.env.TARO_ENV !== 'weapp') return
  const tmplIds = subscribeTemplateIds()
  if (tmplIds.length === 0) return
  Taro.requestSubscribeMessage({ tmplIds, entityIds: [] }).catch(() => undefined) // declining is fine
}
