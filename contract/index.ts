// The shared contract. The app must import schemas with `import type` only (see schemas.ts).
export * from './lifecycle'
export * from './errors'
export * from './schemas'
export * from './auth'
export * from './uploads'
export * from './facilities'
export * from './tickets'
export * from './geo'
