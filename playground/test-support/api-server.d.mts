import type { IncomingHttpHeaders } from 'node:http'
export interface ApiServer {
  url: string
  port: number
  received: { method: string; url: string; headers: IncomingHttpHeaders; at: number }[]
  close(): Promise<void>
}
export interface ApiServerOptions {
  port?: number
  host?: string
  latencyMs?: [number, number]
}
export declare function startApiServer(options?: ApiServerOptions): Promise<ApiServer>
export declare function startPlaygroundApi(options?: ApiServerOptions): Promise<ApiServer>
