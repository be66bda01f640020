import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { API } from '../../api'

const CALLS = [
  { label: 'GET 200', url: API + '/api/items' },
  { label: 'GET 404', url: API + '/no-such-path' },
  { label: 'Unreachable port', url: 'http://127.0.0.1:65534/unreachable' },
]

export default function Requests() {
  const [results, setResults] = useState<Record<string, string>>({})
  const call = (label: string, url: string) => {
    Taro.request({ url, method: 'GET', timeout: 5000 })
      .then((r) => setResults((s) => ({ ...s, [label]: String(r.statusCode) })))
      // Alipay fails a request answered with status >= 400 (and still gives the status).
      .catch((e) => setResults((s) => ({ ...s, [label]: e && e.status ? String(e.status) : 'failed: ' + ((e && (e.errMsg || e.errorMessage || e.message)) || e) })))
  }
  return (
    <View className='page'>
      <Text className='title'>Requests</Text>
      <Text className='note'>Taro.request is measured by minimon (duration histogram; 4xx, 5xx and network failures as ajax errors).</Text>
      {CALLS.map(({ label, url }) => (
        <View key={label}>
          <Button className='button' onClick={() => call(label, url)}>
            {label}
          </Button>
          <Text className='result'>
            {label}: {results[label] || '-'}
          </Text>
        </View>
      ))}
    </View>
  )
}
