// setData's path keys: 'a.b[1].c' sets data.a.b[1].c, creating objects/arrays on the way, as the
// view layer of both platforms accepts.

export function parsePath(key: string): Array<string | number> {
  const parts: Array<string | number> = []
  const re = /([^.[\]]+)|\[(\d+)\]/g
  let m: RegExpExecArray | null
  while ((m = re.exec(key)) !== null) parts.push(m[2] !== undefined ? Number(m[2]) : m[1])
  return parts
}

export function applySetData(data: Record<string, any>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const path = parsePath(key)
    if (path.length === 0) continue
    let target: any = data
    for (let i = 0; i < path.length - 1; i++) {
      const k = path[i]
      if (target[k] === null || typeof target[k] !== 'object') target[k] = typeof path[i + 1] === 'number' ? [] : {}
      target = target[k]
    }
    target[path[path.length - 1]] = value
  }
}
