import { View, Text, Textarea, Input } from '@tarojs/components'
import { DESCRIPTION_MAX } from '@contract/limits'
import { roleProps } from '@/utils/a11y'
import { ADDRESS_NOTE_MAX } from '../lib/validate'
import VoiceInput from './VoiceInput'

interface DescriptionFieldProps {
  description: string
  address: string
  quickPhrases: string[]
  errors: { description?: string; address?: string }
  onDescription: (text: string) => void
  onPhrase: (phrase: string) => void
  onAddress: (text: string) => void
  /** Whether others may read the description (private unless the resident says so). */
  sharePublicly: boolean
  onSharePublicly: (share: boolean) => void
  /** Words recognised by voice input, appended to the description. */
  onVoice: (text: string) => void
  onAnnounce: (text: string, urgent?: boolean) => void
}

/** What is wrong, in the resident's words or by tapping a ready phrase; plus an optional address note. */
export default function DescriptionField({ description, address, quickPhrases, errors, onDescription, onPhrase, onAddress, sharePublicly, onSharePublicly, onVoice, onAnnounce }: DescriptionFieldProps) {
  const over = description.length > DESCRIPTION_MAX
  return (
    <View className="form-section card">
      <View className="form-section__head">
        <Text className="form-section__title">问题描述</Text>
        <Text className={over ? 'form-section__hint form-section__hint--error' : 'form-section__hint'} aria-live="polite">
          {description.length}/{DESCRIPTION_MAX}
        </Text>
      </View>
      <Textarea
        className={errors.description ? 'text-field text-field--error' : 'text-field'}
        value={description}
        maxlength={-1}
        autoHeight
        placeholder="请描述看到的问题，例如位置、数量、持续多久"
        aria-label="问题描述"
        onInput={(event) => onDescription(event.detail.value)}
      />
      {errors.description && <Text className="field-error" {...roleProps('alert')}>{errors.description}</Text>}
      <VoiceInput onText={onVoice} onAnnounce={onAnnounce} />
      <View
        className={sharePublicly ? 'phrase-chip phrase-chip--selected share-choice' : 'phrase-chip share-choice'}
        {...roleProps('checkbox')}
        aria-checked={sharePublicly}
        onClick={() => onSharePublicly(!sharePublicly)}
      >
        <Text>{sharePublicly ? '☑' : '☐'} 公开问题描述（他人可见，电话、身份证号、车牌号会被隐去）</Text>
      </View>
      {quickPhrases.length > 0 && (
        <View className="phrase-list" aria-label="常用描述">
          {quickPhrases.map((phrase) => (
            <Text key={phrase} className="phrase-chip" {...roleProps('button')} aria-label={`添加常用描述：${phrase}`} onClick={() => onPhrase(phrase)}>
              {phrase}
            </Text>
          ))}
        </View>
      )}
      <Text className="form-section__label">补充地址（选填）</Text>
      <Input
        className={errors.address ? 'text-field text-field--single text-field--error' : 'text-field text-field--single'}
        value={address}
        maxlength={-1}
        placeholder="门牌号、楼栋或附近地标"
        aria-label="补充地址"
        onInput={(event) => onAddress(event.detail.value)}
      />
      {errors.address && <Text className="field-error" {...roleProps('alert')}>{errors.address}</Text>}
      {address.length > ADDRESS_NOTE_MAX - 20 && (
        <Text className="form-section__hint">
          {address.length}/{ADDRESS_NOTE_MAX}
        </Text>
      )}
    </View>
  )
}
