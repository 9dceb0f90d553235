export default definePageConfig({ navigationBarTitleText: '我是作业人员' })
