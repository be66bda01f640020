// The few globals every target runtime has (mini programs, browsers, Node). Nothing DOM- or Node-specific.
declare const console: { log(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void }
declare function setTimeout(fn: () => void, ms?: number): unknown
declare function clearTimeout(id: unknown): void
declare function setInterval(fn: () => void, ms?: number): unknown
declare function clearInterval(id: unknown): void
// Build-time constants of minimon's build plugins; absent from other bundles (read them only through typeof).
declare const __MINIMON_RELEASE__: string | undefined
declare const __MINIMON_BUILD_ID__: string | undefined
