// Debian's Chromium, driven by playwright-core (never a downloaded browser), as every viewer test opens it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserType, Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** Where Chromium is missing (a machine without the Debian package), browser tests skip; CI always has it. */
export const noChromium = !existsSync(CHROMIUM) && !process.env.CI

/**
 * Runs `fn` on a page of a fresh headless Chromium profile, then closes the browser and removes the profile.
 * `chromium`: playwright-core's, as the calling package resolves it (this folder is no package of its own).
 */
export async function withPage(chromium: BrowserType, fn: (page: Page) => Promise<void>): Promise<void> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'minimon-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  try {
    await fn(context.pages()[0] ?? (await context.newPage()))
  } finally {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}
