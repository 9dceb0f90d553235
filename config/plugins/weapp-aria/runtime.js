// Runs inside the mini-program before the first render (see index.js): the runtime's attribute
// table must list exactly what the build put into base.wxml, or attributes land in wrong slots.
import { mergeInternalComponents } from '@tarojs/shared'
import attributes from './attributes.json'

mergeInternalComponents(attributes)
