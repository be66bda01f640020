// Every relative link and anchor in the README, docs/ and the packages' READMEs leads somewhere: the file or
// folder exists, and a #fragment names a heading of the target (GitHub's anchors). Links to this repository
// on GitHub (https://github.com/minimon-dev/minimon/blob/main/…, as the published READMEs use) are checked the
// same way against the working tree. A published package's README links only inside what the package ships,
// or by absolute URL: npm shows it without the rest of the repository.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')
const REPO = 'https://github.com/minimon-dev/minimon/'
const PUBLISHED = ['core', 'adapters/taro', 'adapters/uni-app', 'adapters/native', 'playground/collector']

/** GitHub's anchor of each heading of a Markdown text (duplicates get -1, -2, …), and each `<a id="…">`. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const m of stripFences(md).matchAll(/<a id="([^"]+)"><\/a>/g)) out.add(m[1].toLowerCase())
  for (const line of stripFences(md).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const text = m[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '')
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n ? `${base}-${n}` : base)
  }
  return out
}

/** The text without fenced code blocks and inline code (links there are examples, not links). */
function stripCode(md: string): string {
  return stripFences(md).replace(/`[^`\n]*`/g, '')
}

function stripFences(md: string): string {
  return md.replace(/^(```|~~~)[\s\S]*?^\1[^\n]*$/gm, '')
}

/** The targets of the inline links and images of a Markdown text. */
export function links(md: string): string[] {
  const text = stripCode(md)
  const out: string[] = []
  for (const m of text.matchAll(/!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1])
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) out.push(m[1])
  return out
}

/** What is wrong with each link of `file` (its text `md`), as messages; [] when every link works. */
export function brokenLinks(file: string, md: string, options: { within?: string; shipped?: (path: string) => boolean } = {}): string[] {
  const problems: string[] = []
  const rel = relative(root, file)
  for (const target of links(md)) {
    let path: string
    let fragment: string | undefined
    if (target.startsWith(REPO)) {
      const m = /^(?:blob|tree)\/main\/([^#?]*)(?:#(.*))?$/.exec(target.slice(REPO.length))
      if (!m) {
        if (!/^(issues|pulls)?\/?$/.test(target.slice(REPO.length))) problems.push(`${rel}: ${target}: not a blob/tree link to main`)
        continue
      }
      path = join(root, decodeURIComponent(m[1]))
      fragment = m[2]
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      continue // another site, mailto:
    } else {
      const [p, f] = target.split('#')
      path = p ? resolve(dirname(file), decodeURIComponent(p)) : file
      fragment = f
      if (p && options.within) {
        const inside = path === options.within || path.startsWith(options.within + sep)
        if (!inside) problems.push(`${rel}: ${target}: leaves the package (use an absolute URL)`)
        else if (options.shipped && !options.shipped(relative(options.within, path))) problems.push(`${rel}: ${target}: not in the published package`)
      }
    }
    if (path === file && fragment !== undefined) {
      if (!anchors(md).has(decodeURIComponent(fragment).toLowerCase())) problems.push(`${rel}: ${target}: no heading #${fragment} in ${rel}`)
      continue
    }
    if (!existsSync(path)) {
      problems.push(`${rel}: ${target}: ${relative(root, path)} does not exist`)
      continue
    }
    if (fragment !== undefined) {
      if (statSync(path).isDirectory() || !path.endsWith('.md')) problems.push(`${rel}: ${target}: an anchor into a non-Markdown target`)
      else if (!anchors(readFileSync(path, 'utf8')).has(decodeURIComponent(fragment).toLowerCase()))
        problems.push(`${rel}: ${target}: no heading #${fragment} in ${relative(root, path)}`)
    }
  }
  return problems
}

function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md')).map((n) => join(root, 'docs', n))
  const readmes = ['core', 'bench', ...['adapters', 'playground'].flatMap((d) => readdirSync(join(root, d)).map((n) => `${d}/${n}`))]
    .map((d) => join(root, d, 'README.md'))
    .filter((f) => existsSync(f))
  return [join(root, 'README.md'), ...docs, ...readmes]
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesIn(join(dir, n)) : [join(dir, n)]))
}

/** Whether a path (relative to the package) is in what `npm pack` ships: `files`, README, CHANGELOG, package.json. */
function shippedBy(dir: string) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
  return (path: string) =>
    /^(README|CHANGELOG|LICENSE)(\.md)?$|^package\.json$/i.test(path) ||
    (pkg.files as string[]).some((f) => path === f.replace(/^\.\//, '').replace(/\/$/, '') || path.startsWith(f.replace(/^\.\//, '').replace(/\/$/, '') + '/'))
}

describe('links in the docs and READMEs', () => {
  it.each(markdownFiles().map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const dir = PUBLISHED.find((d) => file === join(root, d, 'README.md'))
    const options = dir ? { within: join(root, dir), shipped: shippedBy(dir) } : {}
    expect(brokenLinks(file, readFileSync(file, 'utf8'), options)).toEqual([])
  })

  it('every SkyWalking OAP URL carries its port (OTLP/HTTP on the REST port, 12800 by default)', () => {
    const sources = ['core/src', 'adapters/taro/src', 'adapters/uni-app/src', 'adapters/native/src'].flatMap((d) => filesIn(join(root, d)))
    const noPort = [...markdownFiles(), ...sources].flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/https?:\/\/[\w.-]*oap[\w.-]*(:\d+)?/g)].filter((m) => !m[1]).map((m) => `${relative(root, f)}: ${m[0]}`),
    )
    expect(noPort).toEqual([])
  })

  it('published READMEs are their own, not copies of docs pages', () => {
    const docs = readdirSync(join(root, 'docs')).filter((n) => n.endsWith('.md')).map((n) => readFileSync(join(root, 'docs', n), 'utf8'))
    for (const dir of PUBLISHED) {
      const readme = readFileSync(join(root, dir, 'README.md'), 'utf8')
      expect(docs.includes(readme), dir).toBe(false)
    }
  })

  it('finds what is broken (the checker itself)', () => {
    const file = join(root, 'docs', 'example.md')
    const md = [
      '# Title',
      '## Quick start',
      '[ok](#quick-start) [ok](taro.md#quick-start) [ok](../core) [web](https://example.com/x)',
      '[bad](missing.md) [bad anchor](#nowhere) [bad anchor](taro.md#no-such-heading)',
      `[repo ok](${REPO}blob/main/docs/taro.md#quick-start) [repo bad](${REPO}blob/main/docs/nothing.md)`,
      '```md',
      '[inside a code block](ignored.md)',
      '```',
      'and `[inline code](ignored.md)`',
    ].join('\n')
    expect(brokenLinks(file, md)).toEqual([
      'docs/example.md: missing.md: docs/missing.md does not exist',
      'docs/example.md: #nowhere: no heading #nowhere in docs/example.md',
      'docs/example.md: taro.md#no-such-heading: no heading #no-such-heading in docs/taro.md',
      `docs/example.md: ${REPO}blob/main/docs/nothing.md: docs/nothing.md does not exist`,
    ])
    // a package README may not leave its package, nor point at what it does not ship
    const readme = join(root, 'core', 'README.md')
    expect(brokenLinks(readme, '[docs](../docs/taro.md) [src](./src/index.ts) [log](./CHANGELOG.md)', { within: join(root, 'core'), shipped: shippedBy('core') })).toEqual([
      'core/README.md: ../docs/taro.md: leaves the package (use an absolute URL)',
      'core/README.md: ./src/index.ts: not in the published package',
    ])
    expect(anchors('## Where each signal comes from\n## `init(options)`\n## A\n## A')).toEqual(new Set(['where-each-signal-comes-from', 'initoptions', 'a', 'a-1']))
    expect(anchors('| <a id="request-urlgrouprules"></a>`request.urlGroupRules` |')).toEqual(new Set(['request-urlgrouprules']))
  })
})
