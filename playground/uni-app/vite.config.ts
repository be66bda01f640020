// uni-app (Vue 3) demo of minimon. `uni build -p mp-weixin | mp-alipay | h5`.
// The collector the app reports to is fixed at build time: MINIMON_COLLECTOR (default http://127.0.0.1:4318).
import { defineConfig } from 'vite'
import uni from '@dcloudio/vite-plugin-uni'
import minimon from '@minimon/uni-app/vite'

export default defineConfig({
  // release (package.json version) and build id stamped in; production source maps moved out of the output
  // into sourcemaps/<build id>/ (scripts/targets.mjs points MINIMON_MAPS_DIR beside each output)
  plugins: [uni(), minimon()],
  define: {
    __MINIMON_COLLECTOR__: JSON.stringify(process.env.MINIMON_COLLECTOR || 'http://127.0.0.1:4318'),
    // session.start / session.end logs (sessionEvents()), for OTLP backends only: MINIMON_SESSION_EVENTS=1
    __MINIMON_SESSION_EVENTS__: JSON.stringify(process.env.MINIMON_SESSION_EVENTS === '1'),
  },
})
