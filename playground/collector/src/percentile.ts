// Percentile estimate from explicit-bucket histograms (as SkyWalking's histogram_percentile does it,
// with linear interpolation inside the bucket that holds the rank).

export interface Bucket {
  /** Exclusive lower bound (-Infinity for the first bucket). */
  lower: number
  /** Inclusive upper bound (Infinity for the overflow bucket). */
  upper: number
  count: number
}

/**
 * q in (0, 1]. The first bucket's lower edge is taken as `min` (or 0), the overflow bucket's upper edge as
 * `max` (or its lower edge). Returns null when there is no data.
 */
export function estimatePercentile(buckets: Bucket[], q: number, min?: number, max?: number): number | null {
  const sorted = buckets.filter((b) => b.count > 0).sort((a, b) => a.upper - b.upper || a.lower - b.lower)
  const total = sorted.reduce((s, b) => s + b.count, 0)
  if (!total) return null
  const rank = q * total
  let seen = 0
  for (const b of sorted) {
    if (seen + b.count >= rank) {
      let lo = Number.isFinite(b.lower) ? b.lower : Math.min(min ?? 0, Number.isFinite(b.upper) ? b.upper : 0)
      let hi = Number.isFinite(b.upper) ? b.upper : max !== undefined ? Math.max(max, lo) : lo
      if (min !== undefined && lo < min && min <= hi) lo = min
      if (max !== undefined && hi > max && max >= lo) hi = max
      const f = b.count ? (rank - seen) / b.count : 1
      return lo + (hi - lo) * Math.min(1, Math.max(0, f))
    }
    seen += b.count
  }
  const last = sorted[sorted.length - 1]
  return Number.isFinite(last.upper) ? last.upper : max ?? last.lower
}
