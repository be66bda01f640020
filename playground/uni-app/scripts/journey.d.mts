import type { createSim, Platform } from '@minimon/sim'
type Sim = ReturnType<typeof createSim>
export declare const TEMPLATES: Record<Platform, { ext: string; tap: string } | undefined>
export declare function tapById(sim: Sim, dir: string, id: string): Promise<void>
export declare function runJourney(o: { platform: Platform; dir: string; step?: (name: string) => void }): Promise<{ sim: Sim; dispose(): void }>
