import type { Sim } from '@minimon/sim'

/** The sim of the running test; the `wx` stand-in of setup.ts forwards to it. */
export const current: { sim?: Sim } = {}
