import type { Expectation, Platform, Received } from './types'

/** What every `--once` run must have delivered, over all apps and platforms together. */
export const BASELINE: Expectation[] = [
  { kind: 'error', type: 'js' },
  { kind: 'error', type: 'promise' },
  { kind: 'error', type: 'ajax' },
  { kind: 'error', type: 'pageNotFound' },
  { kind: 'gauge', name: 'miniprogram.app_launch.duration' },
  { kind: 'gauge', name: 'miniprogram.first_render.duration' },
  { kind: 'gauge', name: 'miniprogram.route.duration' },
  { kind: 'histogram', name: 'miniprogram.request.duration' },
  { kind: 'segment' },
]

const PAGE = 'miniprogram.page.path'

function onPlatform(r: { resource: Record<string, unknown> }, platform?: Platform): boolean {
  return !platform || r.resource['miniprogram.platform'] === platform
}

/** Whether `got` holds a signal that meets `e` (on `platform`, when given). */
export function met(e: Expectation, got: Received, platform?: Platform): boolean {
  if (e.kind === 'error') {
    return got.logs.some((l) => onPlatform(l, platform) && l.attributes['exception.type'] === e.type && (!e.page || l.attributes[PAGE] === e.page))
  }
  if (e.kind === 'segment') {
    return got.segments.some((s) =>
      (s.spans || []).some(
        (sp) =>
          (!e.page || sp.operationName === e.page) &&
          (!platform || (sp.tags || []).some((t) => t.key === 'miniprogram.platform' && t.value === platform)),
      ),
    )
  }
  return got.metrics.some((m) => onPlatform(m, platform) && m.type === e.kind && (!e.name || m.name === e.name) && (!e.page || m.attributes[PAGE] === e.page))
}

export function missing(expects: readonly Expectation[], got: Received, platform?: Platform): Expectation[] {
  return expects.filter((e) => (!platform || !e.platforms || e.platforms.includes(platform)) && !met(e, got, platform))
}

export function describeExpectation(e: Expectation): string {
  const what = e.kind === 'error' ? `${e.type} error` : e.kind === 'segment' ? 'segment' : `${e.name} ${e.kind}`
  return e.page ? `${what} on ${e.page}` : what
}
