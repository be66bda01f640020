// One build at a time per output, across processes: test files and the demo may build the same output at once.
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Runs `fn` while holding the lock directory `lock` (created beside what it guards); a lock older than 10 minutes belongs to a build that died. */
export async function locked(lock, fn) {
  mkdirSync(dirname(lock), { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true })
      else await sleep(500)
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
