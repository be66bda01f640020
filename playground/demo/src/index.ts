// @minimon/demo: the README's `pnpm demo`. See README.md.
export { runDemo } from './demo'
export type { DemoOptions } from './demo'
export { parseDemoArgs, USAGE } from './args'
export { discoverApps, findOutputs, genericJourney, GENERIC_EXPECTS, OUTPUT_DIRS } from './apps'
export { BASELINE, met, missing, describeExpectation } from './expect'
export type * from './types'
