import { View, Text, Image } from '@tarojs/components'
import { PHOTOS_MAX } from '@contract/limits'
import type { DraftPhoto } from '@/domain/report/draft'
import { mediaUrl } from '@/services/http'
import { roleProps } from '@/utils/a11y'
import type { UploadStatus } from '../lib/usePhotos'
import { PHOTO_PRIVACY_NOTE } from '@/domain/photo-privacy'

interface PhotoPickerProps {
  photos: DraftPhoto[]
  uploads: Record<string, UploadStatus>
  error?: string
  onAdd: () => void
  onRetry: (id: string) => void
  onRemove: (id: string) => void
}

function statusText(photo: DraftPhoto, status?: UploadStatus): string {
  if (photo.uploadedId) return '已上传'
  if (status?.error) return '上传失败'
  if (status) return `上传中 ${status.percent}%`
  return '等待上传'
}

/** Up to six photos: each shows its upload progress, a failed one offers 重试, every one can be deleted. */
export default function PhotoPicker({ photos, uploads, error, onAdd, onRetry, onRemove }: PhotoPickerProps) {
  return (
    <View className="form-section card">
      <View className="form-section__head">
        <Text className="form-section__title">现场照片</Text>
        <Text className="form-section__hint">
          {photos.length}/{PHOTOS_MAX}
        </Text>
      </View>
      <View className="photo-grid">
        {photos.map((photo, index) => {
          const status = uploads[photo.id]
          const label = `第${index + 1}张照片，${statusText(photo, status)}`
          return (
            <View key={photo.id} className="photo-tile" {...roleProps('group')} aria-label={label}>
              <Image className="photo-tile__image" mode="aspectFill" src={photo.localPath || mediaUrl(photo.thumbUrl ?? '')} aria-hidden />
              {!photo.uploadedId && (
                <View className={status?.error ? 'photo-tile__status photo-tile__status--error' : 'photo-tile__status'}>
                  {status && !status.error && (
                    <View className="photo-tile__bar" {...roleProps('progressbar')} aria-valuenow={status.percent} aria-valuemin={0} aria-valuemax={100}>
                      <View className="photo-tile__bar-fill" style={{ width: `${status.percent}%` }} />
                    </View>
                  )}
                  <Text className="photo-tile__status-text">{statusText(photo, status)}</Text>
                  {(status?.error || !status) && (
                    <Text className="photo-tile__retry" {...roleProps('button')} aria-label={`重试上传第${index + 1}张照片`} onClick={() => onRetry(photo.id)}>
                      重试
                    </Text>
                  )}
                </View>
              )}
              <View className="photo-tile__remove" {...roleProps('button')} aria-label={`删除第${index + 1}张照片`} onClick={() => onRemove(photo.id)}>
                <Text aria-hidden>×</Text>
              </View>
            </View>
          )
        })}
        {photos.length < PHOTOS_MAX && (
          <View className="photo-tile photo-tile--add" hoverClass="photo-tile--pressed" {...roleProps('button')} aria-label="添加照片，拍照或从相册选择" onClick={onAdd}>
            <Text className="photo-tile__plus" aria-hidden>
              +
            </Text>
            <Text className="photo-tile__add-text">添加照片</Text>
          </View>
        )}
      </View>
      <Text className="photo-privacy-note">{PHOTO_PRIVACY_NOTE}</Text>
      {error && <Text className="field-error" {...roleProps('alert')}>{error}</Text>}
    </View>
  )
}
