// Timing helpers. Contenders are always measured side by side: in every round each contender runs once, in
// a rotated order, so machine load and the state of the heap hit them alike. A round's figure is the mean time
// per operation within it (GC pauses included: they are part of the cost); the report is the median of the
// rounds and their spread (p10–p90). No GC is forced between rounds: on this VM a forced full collection
// makes the next milliseconds of allocation-heavy code several times slower (the heap's pages are given back
// and faulted in again), which is no steady state any app sees.
// Each round also records the process CPU time per operation (process.cpuUsage: user + system, all threads),
// which leaves out the time the process waited for a core: on a shared, busy machine it is the steadier figure.
//
// Every helper returns raw samples: { name: { wall: number[], cpu: number[] } }, so run.mjs can pool the
// rounds of several processes before taking medians.
import { Bench } from 'tinybench'
import { PerformanceObserver } from 'node:perf_hooks'

const gc = () => {
  if (globalThis.gc) globalThis.gc()
}

/**
 * Millisecond-scale operations, timed per call by tinybench. `tasks`: { name: fn }. Each round gives every
 * task `time` ms (and at least `iterations` calls). Samples are ms per operation.
 */
export async function interleaved(tasks, { rounds = 15, time = 60, iterations = 3, warmupTime = 150 } = {}) {
  const names = Object.keys(tasks)
  for (const n of names) {
    const b = new Bench({ time: warmupTime, iterations, warmupTime: 0, warmupIterations: 0 })
    b.add(n, tasks[n])
    await b.run()
    if (b.tasks[0].result?.error) throw b.tasks[0].result.error
  }
  const out = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]))
  for (let r = 0; r < rounds; r++) {
    const k = r % names.length
    for (const n of names.slice(k).concat(names.slice(0, k))) {
      const b = new Bench({ time, iterations, warmupTime: 0, warmupIterations: 0 })
      b.add(n, tasks[n])
      const c0 = process.cpuUsage()
      await b.run()
      const c1 = process.cpuUsage(c0)
      const res = b.tasks[0].result
      if (res.error) throw res.error
      out[n].wall.push(res.mean)
      out[n].cpu.push((c1.user + c1.system) / 1000 / res.samples.length)
    }
  }
  return out
}

/** [wall ns, CPU ns] per call of `loop(n)`, which must make `n` calls. */
export function nsPerCall(loop, n) {
  const c0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  loop(n)
  const t1 = process.hrtime.bigint()
  const c1 = process.cpuUsage(c0)
  return [Number(t1 - t0) / n, ((c1.user + c1.system) * 1000) / n]
}

/**
 * Per-call ns of several loops, side by side: `rounds` rounds, each running every loop once with `n` calls
 * in a rotated order, after `warmup` unmeasured runs of each.
 */
export function perCallRounds(loops, { rounds = 21, n = 20000, warmup = 5 } = {}) {
  const names = Object.keys(loops)
  for (let w = 0; w < warmup; w++) for (const k of names) loops[k](n)
  const out = Object.fromEntries(names.map((k) => [k, { wall: [], cpu: [] }]))
  for (let r = 0; r < rounds; r++) {
    const k = r % names.length
    for (const name of names.slice(k).concat(names.slice(0, k))) {
      const [wall, c] = nsPerCall(loops[name], n)
      out[name].wall.push(wall)
      out[name].cpu.push(c)
    }
  }
  return out
}

/** a − b, sample by sample (both measured in the same rounds). */
export function minus(a, b) {
  return { wall: a.wall.map((x, i) => x - b.wall[i]), cpu: a.cpu.map((x, i) => x - b.cpu[i]) }
}

let gcCount = 0
let observing = false
function observeGc() {
  if (observing) return
  observing = true
  new PerformanceObserver((list) => {
    gcCount += list.getEntries().length
  }).observe({ entryTypes: ['gc'] })
}

/**
 * Bytes allocated per call of `loop(n)`: heapUsed delta after a full GC (node --expose-gc), over a batch
 * small enough to fit in the young generation. A sample during which any GC ran is thrown away and taken
 * again. (A large young generation, --min-semi-space-size, would allow bigger batches, but it slows
 * allocation-heavy code several times over, so the timings are taken without it.)
 */
export async function bytesPerCall(loop, n, tries = 10) {
  observeGc()
  // GC performance entries arrive a little later, on a timer: wait for them on both sides of the loop
  const settle = () => new Promise((r) => setTimeout(r, 15))
  for (let t = 0; t < tries; t++) {
    gc()
    await settle()
    const before = gcCount
    const h0 = process.memoryUsage().heapUsed
    loop(n)
    const h1 = process.memoryUsage().heapUsed
    await settle()
    if (gcCount === before) return (h1 - h0) / n
  }
  return NaN
}
