import { View } from '@tarojs/components'

/** Placeholder: the page arrives with its issue. */
export default function Placeholder() {
  return <View>填写上报</View>
}
