/** The district this instance serves. */
export const DISTRICT_NAME = '广州市白云区'
export const DISTRICT_ADCODE = '440111'
