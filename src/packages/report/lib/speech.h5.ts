/**
 * Voice input for the description (#16), H5: the Web Speech API (SpeechRecognition, prefixed
 * webkitSpeechRecognition in Chrome and WeChat's browser), Mandarin. Where the browser has none
 * (Firefox, most in-app browsers) voice input is not offered. weapp: speech.ts (WechatSI).
 */
import type { SpeechHandlers, SpeechSession } from './speechTypes'

export type { SpeechHandlers, SpeechSession } from './speechTypes'

interface RecognitionResultList {
  length: number
  [index: number]: { isFinal?: boolean; 0: { transcript: string } }
}

interface Recognition {
  lang: string
  continuous: boolean
  interimResults: boolean
  maxAlternatives: number
  onresult: ((event: { resultIndex?: number; results: RecognitionResultList }) => void) | null
  onerror: ((event: { error: string }) => void) | null
  onend: (() => void) | null
  start(): void
  stop(): void
}

type RecognitionConstructor = new () => Recognition

function recognitionConstructor(): RecognitionConstructor | undefined {
  if (typeof window === 'undefined') return undefined
  const scope = window as unknown as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor }
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition
}

export const speechAvailable = (): boolean => recognitionConstructor() !== undefined

/** SpeechRecognitionErrorEvent.error → what the resident can do about it. */
export function speechErrorMessage(code: string): string | undefined {
  switch (code) {
    case 'aborted':
      return undefined // stopped on purpose
    case 'not-allowed':
    case 'service-not-allowed':
      return '无法使用麦克风，请在浏览器设置中允许后再试'
    case 'no-speech':
      return '没有听到声音，请再说一次'
    case 'audio-capture':
      return '没有找到麦克风'
    case 'network':
      return '语音识别需要联网，请检查网络后再试'
    default:
      return '语音识别暂时不可用，请直接输入文字'
  }
}

export function startSpeech(handlers: SpeechHandlers): SpeechSession | null {
  const Constructor = recognitionConstructor()
  if (!Constructor) return null
  const recognition = new Constructor()
  recognition.lang = 'zh-CN'
  recognition.continuous = false
  recognition.interimResults = false
  recognition.maxAlternatives = 1
  let text = ''
  let failed = false
  recognition.onresult = (event) => {
    text = ''
    for (let index = 0; index < event.results.length; index += 1) text += event.results[index][0].transcript
  }
  recognition.onerror = (event) => {
    failed = true
    const message = speechErrorMessage(event.error)
    if (message) handlers.onError(message)
  }
  recognition.onend = () => {
    if (text.trim()) handlers.onText(text.trim())
    else if (!failed) handlers.onError('没有听清，请再说一次')
    handlers.onEnd()
  }
  try {
    recognition.start()
  } catch {
    handlers.onError('语音识别暂时不可用，请直接输入文字')
    return null
  }
  return { stop: () => recognition.stop() }
}
