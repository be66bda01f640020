// What docs/platforms.md promises on each platform the playgrounds build for: whether the platform has an
// unhandled-rejection event (promise errors), and which gauges arrive ("lifecycle" ones from the adapters'
// page reports on every platform; ByteDance adds tt.performance's package load, script and LCP). Used by the
// playgrounds' platform tests and their demo profiles, so both expect the same thing.

const LIFECYCLE = ['app_launch', 'first_render', 'route', 'page_stay']

/** @type {Record<string, { rejection: boolean, gauges: string[] }>} */
export const PLATFORM_SIGNALS = {
  wechat: { rejection: true, gauges: LIFECYCLE },
  alipay: { rejection: true, gauges: LIFECYCLE },
  bytedance: { rejection: true, gauges: [...LIFECYCLE, 'package_load', 'script', 'largest_contentful_paint'] },
  lark: { rejection: false, gauges: LIFECYCLE },
  baidu: { rejection: false, gauges: LIFECYCLE },
  qq: { rejection: true, gauges: LIFECYCLE },
  kuaishou: { rejection: true, gauges: LIFECYCLE },
  jd: { rejection: true, gauges: LIFECYCLE },
  xiaohongshu: { rejection: true, gauges: LIFECYCLE },
}

/** The gauges' OTLP names on `platform`. */
export const gaugesOf = (platform) => PLATFORM_SIGNALS[platform].gauges.map((g) => `miniprogram.${g}.duration`)

/** The demo's expectations for a playground journey (errors of each kind, launch and first render, requests), per platform. */
export function journeyExpects(platforms) {
  const withRejection = platforms.filter((p) => PLATFORM_SIGNALS[p].rejection)
  return [
    { kind: 'error', type: 'js' },
    { kind: 'error', type: 'promise', platforms: withRejection },
    { kind: 'error', type: 'ajax' },
    { kind: 'error', type: 'pageNotFound' },
    { kind: 'gauge', name: 'miniprogram.app_launch.duration' },
    { kind: 'gauge', name: 'miniprogram.first_render.duration' },
    { kind: 'histogram', name: 'miniprogram.request.duration' },
    ...(platforms.includes('bytedance')
      ? ['package_load', 'script', 'largest_contentful_paint'].map((g) => ({ kind: 'gauge', name: `miniprogram.${g}.duration`, platforms: ['bytedance'] }))
      : []),
  ]
}
