// The fault matrix on Alipay: see scenarios.ts, and docs/reliability.md for the table it produces.
import { runMatrix } from './matrix'

runMatrix('alipay')
