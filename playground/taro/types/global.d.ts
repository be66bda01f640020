/// <reference types="@tarojs/taro" />

declare namespace NodeJS {
  interface ProcessEnv {
    /** The collector's base URL, fixed at build time (config/index.ts). */
    MINIMON_COLLECTOR?: string
    TARO_ENV: 'weapp' | 'alipay' | 'h5'
  }
}
