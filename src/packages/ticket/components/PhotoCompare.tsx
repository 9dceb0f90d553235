import { View, Text } from '@tarojs/components'
import type { Photo } from '@contract/uploads'
import PhotoStrip from './PhotoStrip'
import './PhotoCompare.scss'

/**
 * Proof of fix: the resident's photos next to the worker's after-photos. Tapping any opens the
 * viewer on all of them, before first, so the resident can swipe from "before" to "after".
 */
export default function PhotoCompare({ before, after }: { before: Photo[]; after: Photo[] }) {
  const all = [...before, ...after]
  return (
    <View className="photo-compare">
      <View className="photo-compare__column">
        <Text className="photo-compare__label">处置前</Text>
        {before.length > 0 ? (
          <PhotoStrip className="photo-strip--stacked" photos={before} label="处置前照片" previewSet={all} />
        ) : (
          <Text className="photo-compare__none">未上传照片</Text>
        )}
      </View>
      <View className="photo-compare__column">
        <Text className="photo-compare__label photo-compare__label--after">处置后</Text>
        <PhotoStrip className="photo-strip--stacked" photos={after} label="处置后照片" previewSet={all} offset={before.length} />
      </View>
    </View>
  )
}
