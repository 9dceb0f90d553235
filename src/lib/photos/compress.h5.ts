/**
 * H5: shrink a chosen photo on a canvas (long side ≤ 1600 px, JPEG ~0.7, lower if still over
 * 300 KB) into a data: URL. Unlike the blob: URL the file input gives, a data: URL survives a
 * reload in the draft, and Taro.uploadFile reads it like any URL.
 */
export const TARGET_BYTES = 300 * 1024
const MAX_SIDE = 1600

export interface ChosenFile {
  tempFilePath: string
  size: number
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => reject(new Error('图片无法读取'))
    image.src = src
  })
}

const bytesOf = (dataUrl: string) => Math.ceil(((dataUrl.length - dataUrl.indexOf(',') - 1) * 3) / 4)

export async function preparePhoto(file: ChosenFile): Promise<string> {
  const image = await loadImage(file.tempFilePath)
  const scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(image.naturalWidth * scale)
  canvas.height = Math.round(image.naturalHeight * scale)
  const context = canvas.getContext('2d')
  if (!context) return file.tempFilePath
  context.fillStyle = '#ffffff' // transparent PNGs would turn black in JPEG
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.drawImage(image, 0, 0, canvas.width, canvas.height)
  let quality = 0.7
  let dataUrl = canvas.toDataURL('image/jpeg', quality)
  while (bytesOf(dataUrl) > TARGET_BYTES && quality > 0.4) {
    quality -= 0.15
    dataUrl = canvas.toDataURL('image/jpeg', quality)
  }
  URL.revokeObjectURL(file.tempFilePath)
  return dataUrl
}

/**
 * Browser storage is ~5 MB for everything: once the server has the photo, the draft drops its
 * data: URL and shows the server's thumbnail instead.
 */
export function localCopyAfterUpload(_path: string): string {
  return ''
}
