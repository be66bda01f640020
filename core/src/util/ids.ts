function hex(n: number): string {
  let s = ''
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16)
  return s.slice(0, n)
}

/** Random hex ids for events, traces and segments. Math.random: crypto is async or missing on mini programs. */
export const randomId = hex

const session = hex(8)
let seq = 0
/** Unique within this app session and across sessions (random prefix), cheap enough for every event. */
export function eventId(): string {
  return session + (++seq).toString(36)
}
