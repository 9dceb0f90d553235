// Image imports resolve to a URL (H5) or a path inside the mini-program package (weapp).
declare module '*.png' {
  const url: string
  export default url
}
