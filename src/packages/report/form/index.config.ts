export default definePageConfig({ navigationBarTitleText: '填写上报' })
