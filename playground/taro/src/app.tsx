import type { PropsWithChildren } from 'react'
import { Text, View } from '@tarojs/components'
import { MonitorProvider } from '@minimon/taro'
import { monitor } from './monitor'
import './app.css'

// Shown in a page (or instead of the app) after a render error nobody else caught.
const fallback = (
  <View className='fallback'>
    <Text>Something went wrong. It has been reported.</Text>
  </View>
)

function App({ children }: PropsWithChildren) {
  return (
    <MonitorProvider monitor={monitor} fallback={fallback}>
      {children}
    </MonitorProvider>
  )
}

export default App
