import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { useMonitor } from '@minimon/taro'
import { COLLECTOR } from '../../monitor'

export default function Index() {
  const monitor = useMonitor()
  return (
    <View className='page'>
      <Text className='title'>minimon × Taro</Text>
      <Text className='note'>
        Platform {(monitor && monitor.platform) || 'none'} · reporting to {COLLECTOR}
      </Text>
      <Text className='note'>Every page here is traced by MonitorProvider: load, show, ready, hide, route and errors.</Text>
      <Button className='button' onClick={() => Taro.navigateTo({ url: '/pages/requests/index' })}>
        Requests
      </Button>
      <Button className='button' onClick={() => Taro.navigateTo({ url: '/pages/errors/index' })}>
        Errors
      </Button>
      {/* the signed-in user's own id (never a phone number or a device id): enduser.id on logs and segments */}
      <Button className='button' onClick={() => monitor && monitor.setUser({ id: 'demo-user-1' })}>
        Sign in
      </Button>
      <Button className='button' onClick={() => Taro.navigateTo({ url: '/pages/consent/index' })}>
        Privacy
      </Button>
    </View>
  )
}
