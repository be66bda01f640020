// Paths shared by the benchmark scripts.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const bench = join(dirname(fileURLToPath(import.meta.url)), '..')
export const root = join(bench, '..')
export const out = join(bench, '.out')
/** `require` as seen from bench/ (its own devDependencies, then the root's). */
export const requireFromBench = createRequire(join(bench, 'package.json'))
