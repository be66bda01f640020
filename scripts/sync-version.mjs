#!/usr/bin/env node
// After `changeset version`: writes @minimon/core's new version into the SDK_VERSION constant that every
// OTLP request carries as telemetry.sdk.version (core/test/release.test.ts checks that the two agree).
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { version } = JSON.parse(readFileSync(join(root, 'core/package.json'), 'utf8'))
const file = join(root, 'core/src/exporters/otlp.ts')
const src = readFileSync(file, 'utf8')
const next = src.replace(/export const SDK_VERSION = '[^']*'/, `export const SDK_VERSION = '${version}'`)
if (!next.includes(`SDK_VERSION = '${version}'`)) throw new Error(`no SDK_VERSION constant in ${file}`)
if (next !== src) writeFileSync(file, next)
console.log(`SDK_VERSION = '${version}'`)
