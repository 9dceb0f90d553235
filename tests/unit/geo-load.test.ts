/** The server reads the committed divisions file at start without loading turf (the generator's library). */
jest.mock('@turf/turf', () => {
  throw new Error('turf was loaded: only geo/build-divisions.ts (npm run geo:build) may load it')
})

it('geo/load.ts and the district model load without turf', () => {
  const { districtGeoFromFile } = require('../../mock-server/src/geo/load') as typeof import('../../mock-server/src/geo/load')
  const geo = districtGeoFromFile()
  expect(geo.featureCollection('street').features.length).toBe(24)
})

it('the generator is the one that needs it', () => {
  expect(() => require('../../mock-server/src/geo/build-divisions')).toThrow(/turf was loaded/)
})
