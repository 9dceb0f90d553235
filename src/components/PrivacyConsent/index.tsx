/**
 * The privacy popup WeChat requires before location or photos (see hooks/usePrivacy). Mount it
 * once in every page that uses those APIs: it renders nothing until WeChat asks, then explains
 * why in Chinese. The agree button has open-type "agreePrivacyAuthorization", which is how
 * WeChat knows the resident really tapped it. On H5 it never shows.
 */
import { Button, Text, View } from '@tarojs/components'
import { openPrivacyContract, PRIVACY_AGREE_BUTTON_ID, usePrivacyRequest } from '@/hooks/usePrivacy'
import { roleProps } from '@/utils/a11y'
import './index.scss'

export default function PrivacyConsent() {
  const { request, agree, decline } = usePrivacyRequest()
  if (!request) return null
  return (
    <View className="privacy-consent">
      <View className="privacy-consent__sheet" {...roleProps('dialog')} aria-modal="true" aria-label="隐私保护提示">
        <Text className="privacy-consent__title">隐私保护提示</Text>
        <Text className="privacy-consent__text">
          为了定位问题发生地点、查找附近设施和上传现场照片，云报事需要使用你的位置信息和相册/相机。
          使用前请阅读并同意
        </Text>
        <Text className="privacy-consent__link" onClick={openPrivacyContract} {...roleProps('link')}>
          {request.contractName}
        </Text>
        <View className="privacy-consent__actions">
          <Button className="privacy-consent__button" onClick={decline}>
            暂不同意
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className="privacy-consent__button privacy-consent__button--agree"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={agree}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}
