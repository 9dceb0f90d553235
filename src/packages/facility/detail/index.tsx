import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { FacilityDetail } from '@contract/facilities'
import ActionButton from '@/components/ActionButton'
import MapView from '@/components/MapView'
import PageShell from '@/components/PageShell'
import { ErrorView, LoadingView } from '@/components/StateViews'
import { useRequest } from '@/hooks/useRequest'
import { FACILITY_PROBLEM_CATEGORY, FACILITY_TYPE_NAMES_ZH } from '@contract/facility-types'
import { getFacility, rateFacility } from '@/services/facilities'
import { showError } from '@/services/http'
import { roleProps } from '@/utils/a11y'
import { facilityFacts, ratingText } from './facts'
import { amapMarkerUrl, openInWeChatMap, reportProblemUrl } from './navigation'
import RatingForm from './RatingForm'
import './index.scss'

/** 设施详情: what the facility offers, how to get there, and feedback (a rating or a report). */
export default function FacilityDetailPage() {
  const { params } = useRouter()
  const id = String(params.id ?? '')
  const load = useCallback(() => getFacility(id), [id])
  const { data, error, loading, reload } = useRequest(load)
  const [updated, setUpdated] = useState<FacilityDetail>()
  const facility = updated ?? data

  return (
    <PageShell>
      {error ? (
        <ErrorView message={error.message} onRetry={reload} />
      ) : loading || !facility ? (
        <LoadingView text="正在加载设施信息…" />
      ) : (
        <FacilityView facility={facility} onRated={setUpdated} />
      )}
    </PageShell>
  )
}

function FacilityView({ facility, onRated }: { facility: FacilityDetail; onRated: (facility: FacilityDetail) => void }) {
  const [sending, setSending] = useState(false)
  const problem = FACILITY_PROBLEM_CATEGORY[facility.type]

  const rate = async (score: number, comment: string) => {
    setSending(true)
    try {
      const answer = await rateFacility(facility.id, score, comment)
      onRated({ ...facility, ...answer.facility, manager: facility.manager, myRating: answer.myRating })
      Taro.showToast({ title: '感谢你的评价', icon: 'success' })
    } catch (error) {
      showError(error)
    } finally {
      setSending(false)
    }
  }

  return (
    <View className="facility-detail">
      <View className="card facility-summary">
        <Text className={`facility-summary__type facility-summary__type--${facility.type}`}>{FACILITY_TYPE_NAMES_ZH[facility.type]}</Text>
        <Text className="facility-summary__name">{facility.name}</Text>
        <Text className="facility-summary__address">{facility.address}</Text>
        <Text className={facility.openNow ? 'facility-summary__open' : 'facility-summary__open facility-summary__open--closed'}>
          {facility.openNow ? '● 现在开放' : '● 现在未开放'}
        </Text>
        <Text className="facility-summary__rating">评分：{ratingText(facility.rating)}</Text>
      </View>

      <MapView
        ariaLabel={`${facility.name}的位置地图`}
        center={facility.location}
        zoom={17}
        height="28vh"
        markers={[{ id: facility.id, lat: facility.location.lat, lng: facility.location.lng, kind: facility.type, title: facility.name }]}
        showLocation
        showDistrict
        className="facility-detail__map"
      />

      <View className="facility-actions">
        {process.env.TARO_ENV === 'h5' ? (
          <a className="facility-actions__link" href={amapMarkerUrl(facility)} target="_blank" rel="noopener noreferrer">
            导航（打开高德地图网站）
          </a>
        ) : (
          <ActionButton onClick={() => openInWeChatMap(facility)}>导航</ActionButton>
        )}
        <ActionButton className="facility-actions__secondary" onClick={() => Taro.navigateTo({ url: reportProblemUrl(facility) })}>
          报告问题（{problem.name}）
        </ActionButton>
      </View>

      <Section title="设施信息">
        {facilityFacts(facility).map((fact) => (
          <View key={fact.label} className="fact-row">
            <Text className="fact-row__label">{fact.label}</Text>
            <Text className="fact-row__value">{fact.value}</Text>
          </View>
        ))}
      </Section>

      <Section title={facility.myRating ? `我的评价：${facility.myRating.score}星（可修改）` : '评价这个设施'}>
        <RatingForm key={facility.myRating?.updatedAt ?? 'new'} initialScore={facility.myRating?.score} sending={sending} onSubmit={rate} />
      </Section>
    </View>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View className="card detail-section" {...roleProps('region')} aria-label={title}>
      <Text className="detail-section__title">{title}</Text>
      {children}
    </View>
  )
}
