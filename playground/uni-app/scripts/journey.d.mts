import type { createSim } from '@minimon/sim'
type Sim = ReturnType<typeof createSim>
export declare function tapById(sim: Sim, dir: string, id: string): Promise<void>
export declare function runJourney(o: { platform: 'wechat' | 'alipay'; dir: string; step?: (name: string) => void }): Promise<{ sim: Sim; dispose(): void }>
