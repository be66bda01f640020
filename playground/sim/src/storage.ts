// Key-value storage that outlives an app instance: pass the same SimStorage to a later createSim() to
// simulate kill + relaunch. Values are kept as JSON strings, so every read returns a fresh copy and only
// JSON-serialisable data survives, as on the devices.

import type { Base as Platform } from './types'

export interface StorageLimits {
  /** Largest single value. WeChat counts UTF-8 bytes (1 MB); Alipay counts string length (200 * 1024). */
  perKey: number
  /** All values together, in bytes (10 MB on both). */
  total: number
}

export const STORAGE_LIMITS: Record<Platform, StorageLimits> = {
  wechat: { perKey: 1024 * 1024, total: 10 * 1024 * 1024 },
  alipay: { perKey: 200 * 1024, total: 10 * 1024 * 1024 },
}

/** Thrown (WeChat) or returned (Alipay) by the API layer, which adds the platform's wording. */
export class StorageError extends Error {
  constructor(
    readonly reason: 'perKey' | 'total' | 'invalid' | 'injected',
    message: string,
  ) {
    super(message)
  }
}

export class SimStorage {
  readonly entries: Map<string, string>
  /**
   * Fault injection: `true` makes every write fail with "exceed storage max size 10Mb" (a full disk);
   * a string makes writes fail with that reason instead.
   */
  failWrites: boolean | string = false
  /** Overrides the platform limits, e.g. `{ total: 2048 }` to make a nearly full store. */
  limits: Partial<StorageLimits> = {}

  constructor(initial?: Record<string, string> | Map<string, string>) {
    this.entries = new Map(initial instanceof Map ? initial : Object.entries(initial ?? {}))
  }

  /** Plain object copy (key -> JSON string), e.g. to persist between test files. */
  export(): Record<string, string> {
    return Object.fromEntries(this.entries)
  }

  static import(data: Record<string, string>): SimStorage {
    return new SimStorage(data)
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  /** Fresh copy of the stored value, or `undefined` when the key is absent. */
  read(key: string): unknown {
    const raw = this.entries.get(key)
    return raw === undefined ? undefined : JSON.parse(raw)
  }

  write(platform: Platform, key: string, value: unknown): void {
    if (this.failWrites) {
      const reason = typeof this.failWrites === 'string' ? this.failWrites : 'exceed storage max size 10Mb'
      throw new StorageError('injected', reason)
    }
    const json = serialise(value)
    const limits = { ...STORAGE_LIMITS[platform], ...this.limits }
    const size = platform === 'alipay' ? json.length : byteLength(json)
    if (size > limits.perKey) {
      throw new StorageError('perKey', 'exceed storage item max length')
    }
    const old = this.entries.get(key)
    const total = this.usedBytes() - (old === undefined ? 0 : byteLength(old)) + byteLength(json)
    if (total > limits.total) throw new StorageError('total', `exceed storage max size ${limits.total / 1024 / 1024}Mb`)
    this.entries.set(key, json)
  }

  remove(key: string): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }

  keys(): string[] {
    return [...this.entries.keys()]
  }

  usedBytes(): number {
    let n = 0
    for (const v of this.entries.values()) n += byteLength(v)
    return n
  }

  limitBytes(platform: Platform): number {
    return this.limits.total ?? STORAGE_LIMITS[platform].total
  }
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** JSON.stringify that refuses what the platforms cannot store (undefined, functions, cycles, BigInt). */
function serialise(value: unknown): string {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (e) {
    throw new StorageError('invalid', `data is not JSON-serialisable: ${(e as Error).message}`)
  }
  if (json === undefined) throw new StorageError('invalid', `data of type ${typeof value} is not JSON-serialisable`)
  return json
}
