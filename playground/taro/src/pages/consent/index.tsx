import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useMonitor } from '@minimon/taro'

// The consent prompt: with `consent: 'pending'` or `'remember'` the monitor keeps everything in memory until
// the answer; setConsent(true) sends what was kept, setConsent(false) drops it and keeps nothing more.
export default function Consent() {
  const monitor = useMonitor()
  const [answer, setAnswer] = useState('')
  return (
    <View className='page'>
      <Text className='title'>Help us fix problems</Text>
      <Text className='note'>
        With your consent this app sends error reports, page timings and request timings (never what you type, never a query string) to its
        developers.
      </Text>
      <Button
        className='button'
        onClick={() => {
          if (monitor) monitor.setConsent(true)
          setAnswer('Thank you.')
        }}
      >
        Agree
      </Button>
      <Button
        className='button'
        onClick={() => {
          if (monitor) monitor.setConsent(false)
          setAnswer('Nothing is sent.')
        }}
      >
        Decline
      </Button>
      <Text className='note'>{answer}</Text>
    </View>
  )
}
