export const LOCATION_DENIED_MESSAGE = '未获得定位权限，请在地图上手动选择位置'
export const LOCATION_UNAVAILABLE_MESSAGE = '暂时无法获取你的位置，请检查手机定位是否开启，或在地图上手动选择位置'

/** A failed attempt: whether the resident said no, or the device could not tell. */
export class LocationFailure extends Error {
  constructor(readonly status: 'denied' | 'unavailable') {
    super(status === 'denied' ? LOCATION_DENIED_MESSAGE : LOCATION_UNAVAILABLE_MESSAGE)
  }
}
