// Core's internal modules (not part of the public API in core/dist), bundled from core/src with esbuild into
// bench/.out/core/, at the syntax level core ships (ES2015), unminified. Each speed script builds them if they
// are missing; run.mjs rebuilds them once at start so they always match core/src.
import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { out, root } from './paths.mjs'

export const CORE_MODULES = {
  otlp: 'core/src/exporters/otlp.ts',
  requests: 'core/src/signals/requests.ts',
  persist: 'core/src/pipeline/persist.ts',
  context: 'core/src/signals/context.ts',
  taps: 'core/src/hosts/taps.ts',
}

const dir = join(out, 'core')

export async function buildCoreInternals() {
  const entryPoints = {}
  for (const [name, file] of Object.entries(CORE_MODULES)) if (existsSync(join(root, file))) entryPoints[name] = join(root, file)
  await build({
    entryPoints,
    outdir: dir,
    bundle: true,
    format: 'esm',
    target: 'es2015',
    platform: 'neutral',
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  })
  return dir
}

/** Imports one of CORE_MODULES from the bundle (building it when missing). */
export async function coreModule(name) {
  const file = join(dir, name + '.mjs')
  if (!existsSync(file)) await buildCoreInternals()
  if (!existsSync(file)) throw new Error(`${CORE_MODULES[name]} not found in core/src`)
  return import(pathToFileURL(file).href)
}
