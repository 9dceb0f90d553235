/**
 * What the app's bundlers put in place of `process.env` (Taro's DefinePlugin: TARO_ENV, NODE_ENV
 * and the TARO_APP_* variables; the console's esbuild: NODE_ENV). The apps have no Node types,
 * so this is all of `process` they may use.
 */
declare const process: {
  readonly env: {
    readonly TARO_ENV?: 'weapp' | 'h5' | string
    readonly NODE_ENV?: string
    readonly [name: string]: string | undefined
  }
}
