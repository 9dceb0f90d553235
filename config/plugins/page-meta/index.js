/**
 * weapp, main-package bytes (#16): with `enablePageMeta`, Taro writes into the page's wxml a
 * <page-meta> bound to every one of its attributes and events plus a <navigation-bar> and a wxs
 * import (~1.1 KB per page). Our pages only set root-font-size (components/ElderMode/FontMeta), so
 * the page's template keeps that one binding (~0.1 KB). Taro's runtime sends page-meta's props as
 * `pageMeta.<short key>` whatever the template binds; the key is read from Taro's own table.
 * Should a page ever need another page-meta prop, add it to KEEP.
 */
const KEEP = ['root-font-size']

module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      if (process.env.TARO_ENV !== 'weapp') return
      const template = platform.template
      const build = template.buildPageTemplate
      template.buildPageTemplate = (baseTempPath, page) => {
        const full = build(baseTempPath, page)
        if (!page?.content?.enablePageMeta) return full
        const attrs = template.transferComponents['page-meta']
        const bound = KEEP.map((name) => {
          if (!attrs?.[name]) throw new Error(`page-meta plugin: Taro's page-meta has no ${name}`)
          return `${name}="{{${attrs[name].replace('i.', 'pageMeta.')}}}"`
        })
        const trimmed = full.replace(/\n<wxs module="xs"[^\n]*\n<page-meta[\s\S]*?<\/page-meta>/, `\n<page-meta data-sid="{{pageMeta.sid}}" ${bound.join(' ')}/>`)
        if (trimmed === full) throw new Error('page-meta plugin: Taro\'s page template changed, nothing trimmed')
        return trimmed
      }
    },
  })
}
