// enablePageMeta: <FontMeta> sets the root font to WeChat's font size (#16).
export default definePageConfig({ navigationBarTitleText: '上报成功', enablePageMeta: true })
