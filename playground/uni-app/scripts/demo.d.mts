import type { Server } from 'node:http'
export declare function runDemo(o?: { collector?: string; h5?: boolean; h5Port?: number; log?: (line: string) => void }): Promise<{ server: Server; url: string; api: { url: string; close(): Promise<void> } } | undefined>
