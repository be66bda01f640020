// Device, window and app info with each platform's field names and casing (WeChat: platform 'ios',
// Alipay: platform 'iOS'). Values describe one plausible phone; override any field with `systemInfo`.

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0)
    if (d !== 0) return d > 0 ? 1 : -1
  }
  return 0
}

const screen = { pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47 }
const safeArea = { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 }

export function wechatDeviceInfo(): Record<string, unknown> {
  return { brand: 'iPhone', model: 'iPhone 13<iPhone14,5>', system: 'iOS 17.4', platform: 'ios', benchmarkLevel: -1, memorySize: 4096 }
}

export function wechatWindowInfo(): Record<string, unknown> {
  return { ...screen, safeArea: { ...safeArea }, screenTop: 0 }
}

export function wechatAppBaseInfo(sdkVersion: string): Record<string, unknown> {
  return {
    SDKVersion: sdkVersion,
    enableDebug: false,
    host: { env: 'WeChat' },
    language: 'zh_CN',
    version: '8.0.50',
    theme: 'light',
    fontSizeSetting: 16,
  }
}

export function wechatSystemInfo(sdkVersion: string, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...wechatDeviceInfo(),
    ...wechatWindowInfo(),
    ...wechatAppBaseInfo(sdkVersion),
    wifiEnabled: true,
    locationEnabled: true,
    bluetoothEnabled: false,
    cameraAuthorized: false,
    ...overrides,
  }
}

export function alipaySystemInfo(sdkVersion: string, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    app: 'alipay',
    brand: 'iPhone',
    model: 'iPhone14,5',
    system: '17.4',
    platform: 'iOS',
    version: '10.5.86',
    language: 'zh-Hans',
    fontSizeSetting: 16,
    currentBattery: '80%',
    storage: '128 GB',
    SDKVersion: sdkVersion,
    ...screen,
    titleBarHeight: 44,
    safeArea: { ...safeArea },
    ...overrides,
  }
}
