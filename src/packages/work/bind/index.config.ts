// enablePageMeta: PageShell's <FontMeta> sets the root font (WeChat's font size, × 1.5 in 长辈版) (#16).
export default definePageConfig({ navigationBarTitleText: '我是作业人员', enablePageMeta: true })
