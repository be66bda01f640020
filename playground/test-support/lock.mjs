// One build at a time per output, across processes: test files and the demo may build the same output at once.
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs `fn` while holding the lock directory `lock` (created beside what it guards, or in the temp directory for
 * a machine-wide lock); a lock older than `staleMs` (default 10 minutes) belongs to a build that died.
 */
export async function locked(lock, fn, staleMs = 600_000) {
  mkdirSync(dirname(lock), { recursive: true })
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (e) {
      if (e.code !== 'EEXIST') throw e
      let age = 0
      try {
        age = Date.now() - statSync(lock).mtimeMs
      } catch {
        // released meanwhile: try again at once
        continue
      }
      if (age > staleMs) rmSync(lock, { recursive: true, force: true })
      else await sleep(500)
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}
