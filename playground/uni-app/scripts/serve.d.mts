import type { Server } from 'node:http'
export declare function serve(dir: string, port?: number): Promise<{ server: Server; url: string }>
