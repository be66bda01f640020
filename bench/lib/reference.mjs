// The reference SDK, SkyAPM mini-program-monitor, as built in the shared workspace next to the repository
// (`../shared/reference/mini-program-monitor/index.mjs`, its README says how it was built). Every figure that
// has a reference column reads it from here; where the folder is absent (a clone elsewhere) the column says
// "not available" and nothing fails.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { out, root } from './paths.mjs'

export const REFERENCE_DIR = resolve(root, '..', 'shared', 'reference', 'mini-program-monitor')
export const REFERENCE_ENTRY = join(REFERENCE_DIR, 'index.mjs')
export const NOT_AVAILABLE = 'not available'

export const referenceAvailable = () => existsSync(REFERENCE_ENTRY)

/** Name, version and source commit of the reference build (from its code and README), or undefined. */
export function referenceInfo() {
  if (!referenceAvailable()) return undefined
  const code = readFileSync(REFERENCE_ENTRY, 'utf8')
  const readme = existsSync(join(REFERENCE_DIR, 'README.md')) ? readFileSync(join(REFERENCE_DIR, 'README.md'), 'utf8') : ''
  const version = (/SDK_VERSION = [^"]*"([^"]+)"/.exec(code) || [])[1] || '?'
  const commit = (/at commit ([0-9a-f]{6,40})/.exec(readme) || [])[1]
  return { name: 'mini-program-monitor', version, commit, entry: REFERENCE_ENTRY }
}

/** The reference SDK's module (exports init, record, flush, shutdown), or undefined when absent. */
export async function referenceModule() {
  return referenceAvailable() ? import(pathToFileURL(REFERENCE_ENTRY).href) : undefined
}

/**
 * The reference SDK's own OTLP protobuf encoder (`encodeLogsRequest`, `encodeMetricsRequest`): its module is
 * one file, so a copy in bench/.out with one more export line reaches them, unchanged. Undefined when the
 * folder is absent or the build has no such functions.
 */
export async function referenceEncoder() {
  if (!referenceAvailable()) return undefined
  const code = readFileSync(REFERENCE_ENTRY, 'utf8')
  const names = ['encodeLogsRequest', 'encodeMetricsRequest']
  if (!names.every((n) => new RegExp(`function ${n}\\(`).test(code))) return undefined
  const dir = join(out, 'reference')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'encoder.mjs')
  writeFileSync(file, `${code}\nexport { ${names.join(', ')} }\n`)
  return import(pathToFileURL(file).href)
}
