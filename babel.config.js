// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// babel-plugin-import rewrites `import { Button } from '@nutui/nutui-react-taro'` into the one
// component's module plus its stylesheet, so only the components we use reach the bundle.
// The mini-program runs on WeChat's own engines (iOS 12+/Android 7+ base libraries support
// async functions, classes and object spread natively), so weapp code is not lowered to ES5:
// no regenerator, fewer helpers. H5 is written for the browsers of config/h5/targets.js (#19 part 2).
const weappTargets =
  process.env.TARO_ENV === 'weapp' ? { targets: { ios: '12', chrome: '70' } } : process.env.TARO_ENV === 'h5' ? { targets: require('./config/h5/targets').babel } : {}

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', ...weappTargets }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        customStyleName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
}
