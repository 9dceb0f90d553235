/**
 * weapp package sizes: a production build into .builds/bench/dist, measured like `npm run size`
 * (config/size.ts: main package = everything outside a subpackage root, sourcemaps excluded).
 */
import { measureWeappPackages, MAIN_PACKAGE_BUDGET_BYTES, MAIN_PACKAGE_TARGET_BYTES } from '../config/size'
import { atMost, type Row } from './table'

export const TOTAL_BUDGET_BYTES = 1024 * 1024

export function weappSizeRows(distDir: string): { rows: Row[]; detail: ReturnType<typeof measureWeappPackages> } {
  const detail = measureWeappPackages(distDir)
  const kb = (bytes: number) => bytes / 1024
  const section = 'weapp production build'
  const rows: Row[] = [
    {
      section,
      measure: 'main package',
      value: kb(detail.main.totalBytes),
      unit: 'KB',
      goal: atMost(detail.main.totalBytes, MAIN_PACKAGE_BUDGET_BYTES, `≤ ${MAIN_PACKAGE_BUDGET_BYTES / 1024} KB budget`),
    },
    {
      section,
      measure: 'main package (target #19)',
      value: kb(detail.main.totalBytes),
      unit: 'KB',
      goal: atMost(detail.main.totalBytes, MAIN_PACKAGE_TARGET_BYTES, `≤ ${MAIN_PACKAGE_TARGET_BYTES / 1024} KB target`),
    },
    ...detail.subpackages.map((sub) => ({ section, measure: `subpackage ${sub.root}`, value: kb(sub.bytes), unit: 'KB' as const })),
    { section, measure: 'total', value: kb(detail.totalBytes), unit: 'KB', goal: atMost(detail.totalBytes, TOTAL_BUDGET_BYTES, '≤ 1 MB') },
  ]
  return { rows, detail }
}
