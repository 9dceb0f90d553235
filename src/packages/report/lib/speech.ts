/**
 * Voice input for the description (#16), weapp: WeChat's 同声传译 plugin (WechatSI), declared for
 * the report subpackage only (app.config.ts), so only pages of this subpackage may call it.
 * requirePlugin throws (or is missing: miniprogram-simulate, older base libraries) when the plugin
 * is not there; then voice input is simply not offered. H5: speech.h5.ts (Web Speech API).
 */
import type { SpeechHandlers, SpeechSession } from './speechTypes'

export type { SpeechHandlers, SpeechSession } from './speechTypes'

interface RecognitionManager {
  start(options: { duration?: number; lang?: string }): void
  stop(): void
  onStop?: (result: { result?: string }) => void
  onError?: (error: { retcode?: number; msg?: string }) => void
}

declare const requirePlugin: ((name: string) => { getRecordRecognitionManager(): RecognitionManager }) | undefined

let manager: RecognitionManager | null | undefined

function recognitionManager(): RecognitionManager | null {
  if (manager !== undefined) return manager
  try {
    manager = typeof requirePlugin === 'function' ? requirePlugin('WechatSI').getRecordRecognitionManager() : null
  } catch {
    manager = null
  }
  return manager ?? null
}

export const speechAvailable = (): boolean => recognitionManager() !== null

/** What went wrong, in words a resident can act on (retcodes from the plugin's documentation). */
export function speechErrorMessage(error: { retcode?: number; msg?: string }): string {
  const text = `${error.msg ?? ''}`
  if (/auth|deny|permission/i.test(text) || error.retcode === -30001) return '无法使用麦克风，请在设置中允许录音后再试'
  if (error.retcode === -30003 || error.retcode === -30006) return '没有听清，请靠近一些再说一次'
  if (error.retcode === -30011) return '正在识别上一段语音，请稍候'
  return '语音识别暂时不可用，请直接输入文字'
}

export function startSpeech(handlers: SpeechHandlers): SpeechSession | null {
  const current = recognitionManager()
  if (!current) return null
  current.onStop = (result) => {
    const text = (result.result ?? '').trim()
    if (text) handlers.onText(text)
    else handlers.onError('没有听清，请再说一次')
    handlers.onEnd()
  }
  current.onError = (error) => {
    handlers.onError(speechErrorMessage(error))
    handlers.onEnd()
  }
  try {
    current.start({ duration: 60_000, lang: 'zh_CN' })
  } catch {
    handlers.onError('语音识别暂时不可用，请直接输入文字')
    return null
  }
  return { stop: () => current.stop() }
}
