// How every entry is bundled for its size and its start-up: as an app's production build bundles it. One
// definition, so that core's entries and the reference SDK go through exactly the same bundler and flags.
import { build } from 'esbuild'
import { bench } from './paths.mjs'

/** esbuild options of a production bundle: ESM, ES2017, minified, NODE_ENV=production, browser resolution. */
export const PRODUCTION = {
  bundle: true,
  format: 'esm',
  target: 'es2017',
  minify: true,
  platform: 'browser',
  treeShaking: true,
  legalComments: 'none',
  logLevel: 'silent',
  define: { 'process.env.NODE_ENV': '"production"' },
  absWorkingDir: bench,
}

/** Writes the production bundle of `entry` (a file) to `outfile`. */
export async function productionBundle(entry, outfile) {
  await build({ ...PRODUCTION, entryPoints: [entry], outfile })
  return outfile
}
