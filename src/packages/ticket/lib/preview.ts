import Taro from '@tarojs/taro'
import type { Photo } from '@contract/uploads'
import { mediaUrl } from '@/services/http'

/** Opens the platform's full-screen viewer on `photos`, starting at the tapped one. */
export function previewPhotos(photos: Photo[], index: number): void {
  const urls = photos.map((photo) => mediaUrl(photo.url))
  void Promise.resolve(Taro.previewImage({ urls, current: urls[index] })).catch(() => undefined)
}
