import { Input, Text, View } from '@tarojs/components'
import { FACILITY_FILTER_LABELS, type FacilityFilters, type FacilityTypeChoice } from '@/services/facilities'
import { roleProps } from '@/utils/a11y'

const TYPE_OPTIONS: Array<{ value: FacilityTypeChoice; label: string }> = [
  { value: 'toilet', label: '公厕' },
  { value: 'garbage_point', label: '垃圾点' },
  { value: 'all', label: '全部' },
]

/** Filters that make sense per type: garbage points have opening hours but no toilet fittings. */
function filtersFor(type: FacilityTypeChoice): Array<keyof FacilityFilters> {
  return type === 'garbage_point' ? ['openNow'] : ['openNow', 'accessible', 'babyCare', 'free']
}

interface FacilityControlsProps {
  type: FacilityTypeChoice
  onTypeChange: (type: FacilityTypeChoice) => void
  filters: FacilityFilters
  onFiltersChange: (filters: FacilityFilters) => void
  query: string
  onQueryChange: (query: string) => void
}

/** What to look for: toilets / garbage points / both, a search box and the filter chips. */
export default function FacilityControls({ type, onTypeChange, filters, onFiltersChange, query, onQueryChange }: FacilityControlsProps) {
  return (
    <View className="facility-controls">
      <View className="type-switch" {...roleProps('radiogroup')} aria-label="设施类型">
        {TYPE_OPTIONS.map((option) => (
          <View
            key={option.value}
            className={option.value === type ? 'type-switch__option type-switch__option--selected' : 'type-switch__option'}
            {...roleProps('radio')}
            aria-checked={option.value === type}
            onClick={() => onTypeChange(option.value)}
          >
            {option.label}
          </View>
        ))}
      </View>
      <Input
        className="facility-search"
        type="text"
        confirmType="search"
        value={query}
        placeholder="搜索设施名称或地址"
        aria-label="搜索设施名称或地址"
        onInput={(event) => onQueryChange(event.detail.value)}
      />
      <View className="filter-chips" aria-label="筛选条件">
        {filtersFor(type).map((key) => (
          <View
            key={key}
            className={filters[key] ? 'filter-chip filter-chip--on' : 'filter-chip'}
            {...roleProps('checkbox')}
            aria-checked={Boolean(filters[key])}
            onClick={() => onFiltersChange({ ...filters, [key]: !filters[key] })}
          >
            <Text aria-hidden>{filters[key] ? '✓ ' : ''}</Text>
            {FACILITY_FILTER_LABELS[key]}
          </View>
        ))}
      </View>
    </View>
  )
}

/** Drops the toilet-only filters when the resident switches to garbage points. */
export function filtersForType(type: FacilityTypeChoice, filters: FacilityFilters): FacilityFilters {
  const allowed = filtersFor(type)
  return Object.fromEntries(Object.entries(filters).filter(([key]) => allowed.includes(key as keyof FacilityFilters)))
}
