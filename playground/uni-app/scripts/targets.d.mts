export declare const ROOT: string
export declare const TARGETS: readonly ['mp-weixin', 'mp-alipay', 'h5']
export declare const DEFAULT_COLLECTOR: string
export declare function inputsHash(collector: string): string
export declare function outDir(target: string, kind?: 'build' | 'test'): string
export declare function buildTarget(target: string, options?: { collector?: string; kind?: 'build' | 'test'; force?: boolean }): Promise<number>
