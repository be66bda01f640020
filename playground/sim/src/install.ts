// Puts the mini-program globals on a target object (globalThis by default) and takes them off again,
// restoring whatever was there before. On globalThis it also becomes the process's only
// 'unhandledRejection' listener while installed, because on the platforms an unhandled rejection is the
// app's business (onUnhandledRejection), not a host crash or a test-runner failure.

type Descriptor = PropertyDescriptor | undefined

export function defineGlobals(
  target: Record<string, unknown>,
  globals: Record<string, unknown>,
  onRejection: ((reason: unknown, promise: Promise<unknown>) => void) | undefined,
): () => void {
  const saved = new Map<string, Descriptor>()
  for (const [name, value] of Object.entries(globals)) {
    saved.set(name, Object.getOwnPropertyDescriptor(target, name))
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false })
  }
  let previousListeners: NodeJS.UnhandledRejectionListener[] | undefined
  const listener = onRejection as NodeJS.UnhandledRejectionListener | undefined
  if (listener && target === (globalThis as unknown)) {
    previousListeners = process.listeners('unhandledRejection')
    process.removeAllListeners('unhandledRejection')
    process.on('unhandledRejection', listener)
  }
  let done = false
  return function uninstall(): void {
    if (done) return
    done = true
    for (const [name, desc] of saved) {
      if (desc) Object.defineProperty(target, name, desc)
      else delete target[name]
    }
    if (previousListeners && listener) {
      process.removeListener('unhandledRejection', listener)
      for (const l of previousListeners) if (!process.listeners('unhandledRejection').includes(l)) process.on('unhandledRejection', l)
    }
  }
}
