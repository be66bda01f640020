// The web host in real headless Chromium: one browser, one collector and two app origins for the file
// (a Chromium launch costs seconds), one fresh context and tab shared by both suites; every test loads the
// page afresh under a service name of its own.
import { startCollector } from '@minimon/collector'
import { afterAll, beforeAll, describe } from 'vitest'
import { hasChromium, launch, startServer, type Env } from './fixture'
import { otlpSuite } from './otlp.suite'
import { skywalkingSuite } from './skywalking.suite'

describe.skipIf(!hasChromium)('web host in headless Chromium', () => {
  const env = {} as Env
  beforeAll(async () => {
    const [browser, c, site, other] = await Promise.all([launch(), startCollector({ port: 0 }), startServer(), startServer({ cors: true })])
    const context = await browser.newContext()
    Object.assign(env, { browser, c, site, other, context, tab: await context.newPage() })
  })
  afterAll(async () => {
    await env.browser?.close()
    await Promise.all([env.c?.close(), env.site?.close(), env.other?.close()])
  })
  otlpSuite(env)
  skywalkingSuite(env)
})
