// The version every OTLP request reports (telemetry.sdk.version) is the version of the published package:
// `pnpm version-packages` (changeset version, then scripts/sync-version.mjs) keeps the two together.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SDK_VERSION } from '../src/exporters/otlp'

const root = join(__dirname, '../..')
const pkg = (dir: string) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))

describe('release versions', () => {
  it('telemetry.sdk.version is @minimon/core\'s package version', () => {
    expect(SDK_VERSION).toBe(pkg('core').version)
  })

  it('the published packages move together (Changesets fixed group)', () => {
    const dirs = ['core', 'adapters/taro', 'adapters/uni-app', 'adapters/native', 'playground/collector']
    const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'))
    expect(config.fixed).toEqual([dirs.map((d) => pkg(d).name)])
    expect(new Set(dirs.map((d) => pkg(d).version)).size).toBe(1)
    for (const d of dirs) expect(pkg(d).private, d).toBeUndefined()
    for (const d of ['playground/sim', 'playground/demo', 'playground/taro', 'playground/uni-app', 'playground/native', 'bench'])
      expect(pkg(d).private, d).toBe(true)
  })
})
