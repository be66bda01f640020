function hex(n: number): string {
  let s = ''
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16)
  return s.slice(0, n)
}

/** Random hex ids for events, traces and segments. Math.random: crypto is async or missing on mini programs. */
export const randomId = hex

// 48 random bits plus the time: no collision at millions of sessions a day. Made at the first id, not at
// import: the first Date.now() and Math.random() calls cost more than the rest of an app's start wants to pay.
let session = ''
let seq = 0
/** Unique within this app session and across sessions (random prefix), cheap enough for every event. */
export function eventId(): string {
  return (session || (session = Date.now().toString(36) + hex(12))) + ++seq
}
