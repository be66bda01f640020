import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { MonitorErrorBoundary } from '@minimon/taro'

function Bomb(): never {
  throw new Error('Render error from <Bomb>')
}

export default function Errors() {
  const [boom, setBoom] = useState(false)
  return (
    <View className='page'>
      <Text className='title'>Errors</Text>
      <Text className='note'>Each button makes one error; each is reported once, with this page's path.</Text>
      <Button className='button' onClick={() => setBoom(true)}>
        Render error
      </Button>
      <MonitorErrorBoundary
        fallback={(error, reset) => (
          <View className='fallback'>
            <Text>Caught: {(error as Error).message}. </Text>
            <Text
              onClick={() => {
                setBoom(false)
                reset()
              }}
            >
              Reset
            </Text>
          </View>
        )}
      >
        {boom && <Bomb />}
      </MonitorErrorBoundary>
      <Button
        className='button'
        onClick={() => {
          throw new Error('Error thrown in a tap handler')
        }}
      >
        Throw in handler
      </Button>
      <Button
        className='button'
        onClick={() => {
          void Promise.reject(new Error('Rejected promise nobody handled'))
        }}
      >
        Reject a promise
      </Button>
      <Button className='button' onClick={() => Taro.navigateTo({ url: '/pages/missing/index' }).catch(() => {})}>
        Open a missing page
      </Button>
    </View>
  )
}
