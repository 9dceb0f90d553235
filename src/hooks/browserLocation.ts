// Type-checking and tests resolve this file; Taro builds pick browserLocation.h5.ts / .weapp.ts.
export * from './browserLocation.h5'
