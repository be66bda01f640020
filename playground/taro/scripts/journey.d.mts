import type { Sim } from '@minimon/sim'
export declare function pageText(sim: Sim): string
export declare function tap(sim: Sim, label: string): Promise<void>
export declare function waitForText(sim: Sim, text: string, timeoutMs?: number): Promise<void>
export declare function alipayNavigator(): () => void
/** What the Requests and the Errors page showed at the end of their part of the journey. */
export declare function runJourney(sim: Sim, log?: (step: string) => void): Promise<{ requests: string; errors: string }>
