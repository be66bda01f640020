export declare const TARGETS: string[]
export declare const DEFAULT_COLLECTOR: string
export declare const TEST_PLACEHOLDER: string
export declare const TEST_OUT: string
export declare function fingerprint(target: string, collector: string): string
export declare function ensureBuilt(
  targets?: string[],
  options?: { collector?: string; out?: string; force?: boolean; log?: (message: string) => void },
): Promise<Record<string, string>>
export declare function copyWithCollector(dir: string, dest: string, from: string, to: string): string
