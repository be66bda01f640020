// The two apps the release test installs, builds and boots: a minimal Taro 4 app (weapp) and a minimal
// uni-app 3 app (mp-weixin), each as a user would write it from the docs. The files that the guides show
// (docs/taro.md: src/monitor.ts and src/app.tsx; docs/uni-app.md: src/main.ts) are taken from the guides'
// code blocks as written, with only the collector URL changed: a snippet that does not work fails the test.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const DOCS_URL = 'https://oap.example.com:12800'

/** The code block of `doc` whose first line is `// <file>`, with the collector URL pointed at `collector`. */
export function snippet(root, doc, file, collector) {
  const md = readFileSync(join(root, doc), 'utf8')
  const blocks = [...md.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1])
  const block = blocks.find((b) => b.startsWith(`// ${file}\n`))
  if (!block) throw new Error(`${doc} has no code block starting with "// ${file}"`)
  if (block.includes('init(') || block.includes('monitorPlugin,')) {
    if (!block.includes(`'${DOCS_URL}'`)) throw new Error(`${doc}, ${file}: expected the collector '${DOCS_URL}' in the snippet`)
  }
  return block.split(`'${DOCS_URL}'`).join(`'${collector}'`)
}

// Taro's own install scripts must not run (TOOLCHAIN: @tarojs/cli's postinstall calls an outside host); none
// of these packages needs its script. pnpm: allowBuilds false; npm: --ignore-scripts.
export const NO_BUILDS = ['@parcel/watcher', '@swc/core', '@tarojs/binding', '@tarojs/cli', 'core-js', 'core-js-pure', 'esbuild', 'protobufjs', 'vue-demi']

export function pnpmWorkspaceYaml() {
  return ['allowBuilds:', ...NO_BUILDS.map((n) => `  '${n}': false`), ''].join('\n')
}

const TARO = '4.2.0'
const UNI = '3.0.0-5000720260410001'

/** Files of the Taro app; `requestUrl` answers 404 (an ajax error and a request histogram point). */
export function taroApp(root, { name, collector, requestUrl }) {
  return {
    'package.json': JSON.stringify(
      {
        name,
        version: '1.0.0',
        private: true,
        browserslist: ['last 3 versions', 'Android >= 4.1', 'ios >= 8'],
        dependencies: {
          '@babel/runtime': '7.29.15',
          '@tarojs/components': TARO,
          '@tarojs/helper': TARO,
          '@tarojs/plugin-framework-react': TARO,
          '@tarojs/plugin-platform-weapp': TARO,
          '@tarojs/react': TARO,
          '@tarojs/runtime': TARO,
          '@tarojs/shared': TARO,
          '@tarojs/taro': TARO,
          react: '18.3.1',
          'react-dom': '18.3.1',
        },
        devDependencies: {
          '@babel/core': '7.29.13',
          '@babel/preset-react': '7.29.7',
          '@tarojs/cli': TARO,
          '@tarojs/webpack5-runner': TARO,
          '@types/react': '18.3.28',
          'babel-preset-taro': TARO,
          postcss: '8.5.33',
          typescript: '5.9.3',
          webpack: '5.91.0',
        },
      },
      null,
      2,
    ),
    'babel.config.js': "module.exports = { presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]] }\n",
    'config/index.ts': `export default {
  projectName: '${name}',
  date: '2026-1-1',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: 'dist/weapp',
  plugins: [],
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  logger: { quiet: true, stats: false },
  mini: {},
}
`,
    'src/app.config.ts': "export default defineAppConfig({ pages: ['pages/index/index'] })\n",
    'src/monitor.ts': snippet(root, 'docs/taro.md', 'src/monitor.ts', collector),
    'src/app.tsx': snippet(root, 'docs/taro.md', 'src/app.tsx', collector),
    'src/pages/index/index.config.ts': "export default definePageConfig({ navigationBarTitleText: 'Home' })\n",
    'src/pages/index/index.tsx': `import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'

export default function Index() {
  useEffect(() => {
    Taro.request({ url: '${requestUrl}' })
    setTimeout(() => {
      throw new Error('release test: uncaught error')
    }, 0)
  }, [])
  return (
    <View>
      <Text>release test</Text>
    </View>
  )
}
`,
  }
}

/** Files of the uni-app app; same page behaviour as the Taro one, plus an error in a Vue page hook. */
export function uniApp(root, { name, collector, requestUrl }) {
  return {
    'package.json': JSON.stringify(
      {
        name,
        version: '1.0.0',
        private: true,
        dependencies: {
          '@dcloudio/uni-app': UNI,
          '@dcloudio/uni-components': UNI,
          '@dcloudio/uni-h5': UNI,
          '@dcloudio/uni-mp-weixin': UNI,
          vue: '3.4.21',
        },
        devDependencies: {
          '@dcloudio/types': '3.4.28',
          '@dcloudio/uni-cli-shared': UNI,
          '@dcloudio/vite-plugin-uni': UNI,
          vite: '5.2.8',
        },
      },
      null,
      2,
    ),
    'vite.config.ts': "import { defineConfig } from 'vite'\nimport uni from '@dcloudio/vite-plugin-uni'\n\nexport default defineConfig({ plugins: [uni()] })\n",
    'index.html': '<!DOCTYPE html><html><head><meta charset="UTF-8" /></head><body><div id="app"></div><script type="module" src="/src/main.ts"></script></body></html>\n',
    'src/main.ts': snippet(root, 'docs/uni-app.md', 'src/main.ts', collector),
    'src/App.vue': '<script lang="ts">\nexport default {}\n</script>\n',
    'src/pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index', style: { navigationBarTitleText: 'Home' } }] }, null, 2),
    'src/manifest.json': JSON.stringify(
      { name, appid: '', versionName: '1.0.0', versionCode: '100', vueVersion: '3', 'mp-weixin': { appid: '', setting: { urlCheck: false }, usingComponents: true } },
      null,
      2,
    ),
    'src/pages/index/index.vue': `<script setup lang="ts">
import { onLoad, onReady } from '@dcloudio/uni-app'

onLoad(() => {
  uni.request({ url: '${requestUrl}' })
  setTimeout(() => {
    throw new Error('release test: uncaught error')
  }, 0)
})
onReady(() => {
  throw new Error('release test: error in onReady')
})
</script>

<template>
  <view>release test</view>
</template>
`,
  }
}
