import type { Platform } from '@minimon/sim'
export declare const PLATFORM_SIGNALS: Record<Platform, { rejection: boolean; gauges: string[] }>
export declare function gaugesOf(platform: Platform): string[]
export declare function journeyExpects(platforms: Platform[]): { kind: 'gauge' | 'histogram' | 'error'; name?: string; type?: string; platforms?: Platform[] }[]
