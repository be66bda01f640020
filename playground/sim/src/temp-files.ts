// Downloaded files live in memory under platform-style virtual paths (WeChat "wxfile://tmp_…",
// Alipay "https://resource/…"), which uploadFile accepts back. Real file paths work for uploads too.

import { readFileSync } from 'node:fs'
import { extname } from 'node:path'

export class TempFiles {
  private readonly files = new Map<string, Buffer>()
  private next = 1

  constructor(private readonly prefix: string) {}

  save(data: Buffer, url: string): string {
    let ext = ''
    try {
      ext = extname(new URL(url).pathname)
    } catch {
      // keep no extension
    }
    const path = `${this.prefix}${Date.now().toString(36)}${(this.next++).toString(36)}${ext}`
    this.files.set(path, data)
    return path
  }

  /** Stores under a caller-chosen path (downloadFile's `filePath`). */
  saveAs(path: string, data: Buffer): void {
    this.files.set(path, data)
  }

  /** Contents of a virtual path, or of a real file on disk. Throws when neither exists. */
  read(path: string): Buffer {
    const mem = this.files.get(path)
    if (mem) return mem
    return readFileSync(path)
  }
}
