// One SDK's run for wire.mjs, in its own process (both SDKs hook the same platform functions):
//   node wire-child.mjs <minimon|reference> <proto|json> <errors>
// A collector on 127.0.0.1 keeps every request body; the simulated WeChat app (@minimon/sim) launches a page
// after init(), throws `errors` distinct errors with realistic stacks (lib/data.mjs) the way WeChat reports an
// uncaught throw (wx.onError, one string), and the SDK is flushed. Prints { requests: [{ path, type, body }] }
// with each body in base64.
import { createServer } from 'node:http'
import { createSim } from '@minimon/sim'
import { errorEvents } from './lib/data.mjs'
import { referenceModule } from './lib/reference.mjs'

const [sdk, encoding, count] = process.argv.slice(2)
const requests = []
const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    requests.push({ path: req.url, type: req.headers['content-type'] || '', body: Buffer.concat(chunks).toString('base64') })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{}')
  })
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const collector = `http://127.0.0.1:${server.address().port}`

const sim = createSim({ platform: 'wechat' })
sim.install()
const options = { service: 'shop-mini-program', serviceVersion: '2.14.3', collector, flushInterval: 3600000, ...(encoding === 'json' && { encoding: 'json' }) }
let flush
if (sdk === 'reference') {
  const ref = await referenceModule()
  ref.init(options)
  flush = () => ref.flush()
} else {
  const core = await import('@minimon/core')
  const monitor = core.init(options)
  if (!monitor.enabled) throw new Error('init() returned a disabled monitor')
  flush = () => monitor.flush()
}
await sim.launch({ app: { app: {}, pages: { 'pages/goods/detail': {} } } })
// distinct messages (a numbered suffix), so neither SDK folds a repeat into an earlier record
errorEvents(+count).forEach((e, i) => {
  const message = `${e.message} #${i}`
  const err = new Error(message)
  err.stack = message + e.stack.slice(e.message.length)
  sim.throwInApp(err)
})
await flush()
await sim.idle()
server.close()
process.stdout.write(JSON.stringify({ requests }) + '\n')
process.exit(0)
