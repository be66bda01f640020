// Small statistics over repeated samples: median and spread (p10–p90 and min–max).

export function quantile(sorted, q) {
  if (!sorted.length) return NaN
  const i = (sorted.length - 1) * q
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo)
}

/** { median, p10, p90, min, max, n } of a list of numbers. */
export function summarize(samples) {
  const s = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return {
    median: quantile(s, 0.5),
    p10: quantile(s, 0.1),
    p90: quantile(s, 0.9),
    min: s[0],
    max: s[s.length - 1],
    n: s.length,
  }
}

/** The unit a duration of `ms` reads best in. */
export function unitFor(ms) {
  const a = Math.abs(ms)
  return a >= 1 ? 'ms' : a >= 0.001 ? 'µs' : 'ns'
}

/** A duration in ms as text, in `unit` (default: the one that suits it). */
export function time(ms, unit = unitFor(ms)) {
  if (!Number.isFinite(ms)) return '–'
  const v = unit === 'ms' ? ms : unit === 'µs' ? ms * 1000 : ms * 1e6
  const a = Math.abs(v)
  return (a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ' + unit
}

/** "median (p10–p90)" of a summary in ms, all three in the median's unit. */
export function range(s) {
  const u = unitFor(s.median)
  return `${time(s.median, u)} (${time(s.p10, u)}–${time(s.p90, u)})`
}

export function kb(bytes) {
  return (bytes / 1024).toFixed(2) + ' KB'
}
