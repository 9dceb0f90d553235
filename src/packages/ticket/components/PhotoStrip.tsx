import { View, Image } from '@tarojs/components'
import type { Photo } from '@contract/uploads'
import { mediaUrl } from '@/services/http'
import { roleProps } from '@/utils/a11y'
import { previewPhotos } from '../lib/preview'
import './PhotoStrip.scss'

interface PhotoStripProps {
  photos: Photo[]
  /** Read before the number: "处置后照片1". */
  label: string
  className?: string
  /** Preview these instead of `photos` alone (e.g. before and after together); `offset` = index of photos[0] in it. */
  previewSet?: Photo[]
  offset?: number
}

/** Thumbnails in a row; a tap opens the full-size viewer on the tapped photo. */
export default function PhotoStrip({ photos, label, className, previewSet, offset = 0 }: PhotoStripProps) {
  return (
    <View className={className ? `photo-strip ${className}` : 'photo-strip'}>
      {photos.map((photo, index) => (
        <Image
          key={photo.id}
          className="photo-strip__photo"
          src={mediaUrl(photo.thumbUrl)}
          mode="aspectFill"
          lazyLoad
          {...roleProps('button')}
          aria-label={`${label}${index + 1}，点击查看大图`}
          // H5: the inner <img> gets the same name as alt text (axe image-alt, #16); weapp has no <img>.
          {...(process.env.TARO_ENV === 'h5' ? { nativeProps: { alt: `${label}${index + 1}` } } : {})}
          data-photo-url={photo.url}
          onClick={() => previewPhotos(previewSet ?? photos, offset + index)}
        />
      ))}
    </View>
  )
}
