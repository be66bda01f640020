// Timers as a mini program sees them: numeric ids, callbacks that can be frozen while the JS thread is
// suspended in the background and resumed on show, and cleared for good when the app is killed.
// They run on real time (Node's own timers, captured here before any install() replaces the globals).

export const realSetTimeout = globalThis.setTimeout
export const realClearTimeout = globalThis.clearTimeout
export const realSetInterval = globalThis.setInterval
export const realClearInterval = globalThis.clearInterval
export const realSetImmediate = globalThis.setImmediate

/** Waits real milliseconds, whatever the sim's timers are doing. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms))
}

/** Lets pending I/O callbacks and microtasks run once. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve))
}

/** Monotonic ms: immune to tests that mock Date.now to jump the wall clock. */
const now = (): number => performance.now()

interface Timer {
  id: number
  fn: (...args: unknown[]) => void
  args: unknown[]
  delay: number
  repeat: boolean
  dueAt: number
  remaining: number
  handle?: ReturnType<typeof realSetTimeout>
}

export class SimTimers {
  private nextId = 1
  private readonly timers = new Map<number, Timer>()
  private frozen = false
  private dead = false

  /** `invoke` runs a callback the way the platform does (errors go to onError). */
  constructor(private readonly invoke: (fn: (...args: unknown[]) => void, args: unknown[]) => void) {}

  setTimeout = (fn: unknown, delay?: unknown, ...args: unknown[]): number => this.add(fn, delay, args, false)
  setInterval = (fn: unknown, delay?: unknown, ...args: unknown[]): number => this.add(fn, delay, args, true)
  clearTimeout = (id?: unknown): void => this.remove(id)
  clearInterval = (id?: unknown): void => this.remove(id)

  get isFrozen(): boolean {
    return this.frozen
  }

  /** Number of timers waiting to fire (frozen ones included). */
  get pending(): number {
    return this.timers.size
  }

  /** Stops every timer where it is; `resume` continues each with the time it still had left. */
  freeze(): void {
    if (this.frozen || this.dead) return
    this.frozen = true
    const at = now()
    for (const t of this.timers.values()) {
      if (t.handle !== undefined) realClearTimeout(t.handle)
      t.handle = undefined
      t.remaining = Math.max(0, t.dueAt - at)
    }
  }

  resume(): void {
    if (!this.frozen || this.dead) return
    this.frozen = false
    for (const t of this.timers.values()) this.arm(t, t.remaining)
  }

  /** The app was killed: nothing scheduled may ever run again. */
  clearAll(): void {
    this.dead = true
    for (const t of this.timers.values()) if (t.handle !== undefined) realClearTimeout(t.handle)
    this.timers.clear()
  }

  private add(fn: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    const id = this.nextId++
    if (this.dead || typeof fn !== 'function') return id
    const ms = Math.max(0, Number(delay) || 0)
    const t: Timer = { id, fn: fn as Timer['fn'], args, delay: ms, repeat, dueAt: 0, remaining: ms }
    this.timers.set(id, t)
    if (!this.frozen) this.arm(t, ms)
    return id
  }

  private arm(t: Timer, ms: number): void {
    t.dueAt = now() + ms
    t.handle = realSetTimeout(() => this.fire(t), ms)
  }

  private fire(t: Timer): void {
    t.handle = undefined
    if (this.dead || this.frozen || !this.timers.has(t.id)) return
    if (t.repeat) this.arm(t, Math.max(1, t.delay))
    else this.timers.delete(t.id)
    this.invoke(t.fn, t.args)
  }

  private remove(id: unknown): void {
    const t = this.timers.get(Number(id))
    if (!t) return
    if (t.handle !== undefined) realClearTimeout(t.handle)
    this.timers.delete(t.id)
  }
}
