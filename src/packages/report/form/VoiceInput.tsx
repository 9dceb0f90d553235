import { useEffect, useRef, useState } from 'react'
import { Text } from '@tarojs/components'
import { ensurePrivacyConsent } from '@/hooks/usePrivacy'
import { roleProps } from '@/utils/a11y'
import { speechAvailable, startSpeech, type SpeechSession } from '../lib/speech'

interface VoiceInputProps {
  /** Recognised words, to be appended to the description. */
  onText: (text: string) => void
  /** A state change to read out (listening, recognised, failed: urgent). */
  onAnnounce: (text: string, urgent?: boolean) => void
}

/**
 * 语音输入 (#16): tap to speak, tap again when done (a hold gesture is hard with a screen reader).
 * Shown only where the platform recognises speech (WechatSI on weapp, Web Speech on H5); without
 * it the form is the same, typed.
 */
export default function VoiceInput({ onText, onAnnounce }: VoiceInputProps) {
  const [available] = useState(speechAvailable)
  const [listening, setListening] = useState(false)
  const [error, setError] = useState<string>()
  const session = useRef<SpeechSession | null>(null)
  useEffect(() => () => session.current?.stop(), [])
  if (!available) return null

  const toggle = async () => {
    if (session.current) {
      session.current.stop()
      return
    }
    setError(undefined)
    // weapp: recording is a private-information API, refused (errno 112) until the guide is agreed to.
    if (!(await ensurePrivacyConsent())) {
      setError('需要同意隐私保护指引才能使用语音输入')
      return
    }
    session.current = startSpeech({
      onText: (text) => {
        onText(text)
        onAnnounce(`已添加：${text}`)
      },
      onError: (message) => {
        setError(message)
        onAnnounce(`语音输入失败：${message}`, true)
      },
      onEnd: () => {
        session.current = null
        setListening(false)
      },
    })
    if (session.current) {
      setListening(true)
      onAnnounce('正在听，请说话，说完再点一次')
    }
  }

  return (
    <>
      <Text
        className={listening ? 'phrase-chip phrase-chip--selected voice-input' : 'phrase-chip voice-input'}
        {...roleProps('button')}
        aria-label={listening ? '说完了，停止语音输入' : '语音输入，说出问题描述'}
        onClick={() => void toggle()}
      >
        {listening ? '● 正在听…说完点这里' : '🎤 语音输入'}
      </Text>
      {error && (
        // Read out through the page's live region (onAnnounce), so not a second alert here.
        <Text className="field-error voice-input__error">
          {error}
        </Text>
      )}
    </>
  )
}
