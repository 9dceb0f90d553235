import { View, Text } from '@tarojs/components'
import type { ResolvedAddress } from '@contract/schemas'
import MapView from '@/components/MapView'
import { DISTRICT_CENTER, type LatLng } from '@/components/MapView/types'
import type { LocationStatus } from '@/hooks/useLocation'
import { roleProps } from '@/utils/a11y'

export type AddressState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'inside'; address: ResolvedAddress }
  | { kind: 'outside' }
  | { kind: 'unknown' } // the check itself failed (offline): the server checks again on submit

interface LocationSectionProps {
  location?: LatLng
  locationStatus: LocationStatus
  locationError?: string
  address: AddressState
  error?: string
  onChange: (point: LatLng) => void
  onLocate: () => void
}

/** Where the problem is: the resident's position by default; a drag or a tap on the map moves the pin. */
export default function LocationSection({ location, locationStatus, locationError, address, error, onChange, onLocate }: LocationSectionProps) {
  const pin = location ?? DISTRICT_CENTER
  return (
    <View className="form-section card">
      <View className="form-section__head">
        <Text className="form-section__title">问题位置</Text>
        <Text className="link-button" {...roleProps('button')} aria-label="重新定位到我的位置" onClick={onLocate}>
          {locationStatus === 'locating' ? '定位中…' : '重新定位'}
        </Text>
      </View>
      {locationError && (
        <Text className="location-warning" {...roleProps('alert')}>
          {locationError}
        </Text>
      )}
      <View className="location-map">
        <MapView ariaLabel="问题位置地图，拖动图钉或点击地图选择位置" center={pin} pin={pin} onPinChange={onChange} showDistrict showLocation height="40vh" />
      </View>
      <Text className="location-hint">拖动图钉或点击地图，把位置标在问题所在处</Text>
      <View className="location-address" aria-live="polite">
        {!location ? (
          <Text className="location-address__pending">尚未选择位置</Text>
        ) : address.kind === 'inside' ? (
          <View>
            <Text className="location-address__street">
              {address.address.street} · {address.address.community}
            </Text>
            <Text className="location-address__text">{address.address.text}</Text>
          </View>
        ) : address.kind === 'outside' ? null : (
          <Text className="location-address__pending">{address.kind === 'unknown' ? '暂时无法确认地址，提交时会再次核对' : '正在确认地址…'}</Text>
        )}
      </View>
      {(error || address.kind === 'outside') && (
        <Text className="field-error" {...roleProps('alert')}>
          {error ?? '该位置不在白云区服务范围内，请把图钉移到区内'}
        </Text>
      )}
    </View>
  )
}
