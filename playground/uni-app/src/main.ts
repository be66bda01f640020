import { createSSRApp } from 'vue'
import { monitorPlugin } from '@minimon/uni-app'
import App from './App.vue'
import { monitorOptions } from './monitor'

export function createApp() {
  const app = createSSRApp(App)
  app.use(monitorPlugin, monitorOptions)
  return { app }
}
