// enablePageMeta: <FontMeta> sets the root font to WeChat's font size (#16).
export default definePageConfig({ navigationBarTitleText: '填写上报', enablePageMeta: true })
