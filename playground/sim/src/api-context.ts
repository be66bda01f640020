// What the wx and my API objects need from the rest of the sim.

import { refusedTransfer, type HttpRequest, type Transfer, type TransferHooks } from './network'
import type { PerfRecorder } from './performance'
import type { Router } from './router'
import type { Runtime } from './runtime'
import type { TempFiles } from './temp-files'
import type { LaunchOptions } from './types'

export type EnvVersion = 'develop' | 'trial' | 'release'

export interface ApiContext {
  rt: Runtime
  router: Router
  perf: PerfRecorder | undefined
  files: TempFiles
  baseLibrary: string
  appId: string
  envVersion: EnvVersion
  appVersion: string
  systemInfo: Record<string, unknown>
  /** app.json networkTimeout, once an app is loaded. */
  networkTimeout(): { request?: number; downloadFile?: number; uploadFile?: number }
  isSuspended(): boolean
  launchOptions(): LaunchOptions
  /** Options of the latest entry (launch or show). */
  enterOptions(): LaunchOptions
}

/** Starts a real transfer, unless the JS thread is suspended: then the call fails at once. */
export function startTransfer(ctx: ApiContext, req: HttpRequest, hooks: TransferHooks): Transfer {
  if (ctx.isSuspended()) return refusedTransfer('interrupted', 'interrupted')
  return ctx.rt.network.start(req, hooks)
}

export function progress(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0
}
