// Writes a small native mini program to a temporary directory, as the developer tools' "Build npm" leaves
// it: the app's files, and the packages' mini-program builds under miniprogram_npm/. The sim then loads it
// the way the platforms do (app.js, then each page file, every free name read from the app's globals).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** The mini-program builds (miniprogram_dist) of the workspace packages an app can use. */
const PACKAGES: Record<string, string> = {
  '@minimon/core': join(repo, 'core', 'miniprogram_dist'),
  '@minimon/native': join(repo, 'adapters', 'native', 'miniprogram_dist'),
}

export interface AppDir {
  dir: string
  remove(): void
}

/** `files`: path → source; `packages`: which workspace packages "Build npm" copies in. */
export function writeApp(pages: string[], files: Record<string, string>, packages: string[] = ['@minimon/core']): AppDir {
  const dir = mkdtempSync(join(tmpdir(), 'minimon-app-'))
  files['app.json'] = JSON.stringify({ pages })
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), source)
  }
  for (const name of packages) cpSync(PACKAGES[name], join(dir, 'miniprogram_npm', name), { recursive: true })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
