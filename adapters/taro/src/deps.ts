// The one module that imports from the peers and from core: a bundler keeps one import statement per module
// that imports, so the adapter's modules take these bindings from here.
import Taro from '@tarojs/taro'
export { getMonitor, init } from '@minimon/core'
import * as React from 'react'

export { React, Taro }
