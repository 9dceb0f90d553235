// Geo and facility tables: filled by the geo/facilities work.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GeoTables {}
