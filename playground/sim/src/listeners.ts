// A set of listeners with the platform's on/off semantics: `off(fn)` removes one, `off()` removes all.

export class Listeners<A extends unknown[]> {
  private readonly fns: Array<(...args: A) => unknown> = []

  on(fn: unknown): void {
    if (typeof fn === 'function') this.fns.push(fn as (...args: A) => unknown)
  }

  off(fn?: unknown): void {
    if (fn === undefined) {
      this.fns.length = 0
      return
    }
    const i = this.fns.indexOf(fn as (...args: A) => unknown)
    if (i >= 0) this.fns.splice(i, 1)
  }

  get size(): number {
    return this.fns.length
  }

  /** Calls every listener with `call`, which decides how a throwing listener is handled. */
  each(call: (fn: (...args: A) => unknown) => void): void {
    for (const fn of [...this.fns]) call(fn)
  }

  clear(): void {
    this.fns.length = 0
  }
}
