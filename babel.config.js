// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// babel-plugin-import rewrites `import { Button } from '@nutui/nutui-react-taro'` into the one
// component's module plus its stylesheet, so only the components we use reach the bundle.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
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
