/**
 * Type-checking and test entry. The builds never use this file: Taro picks index.weapp.tsx on
 * weapp and index.h5.tsx on H5. TypeScript and jest resolve here and get the weapp component,
 * whose props are the shared MapViewProps (types.ts, which also holds the usage note).
 */
export { default } from './index.weapp'
export type { LatLng, MapBBox, MapMarker, MapPolyline, MapRegion, MapViewProps, MarkerKind } from './types'
