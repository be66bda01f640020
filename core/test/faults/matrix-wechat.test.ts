// The fault matrix on Wechat: see scenarios.ts, and docs/reliability.md for the table it produces.
import { runMatrix } from './matrix'

runMatrix('wechat')
