export declare const ROOT: string
export declare const TARGETS: readonly ['mp-weixin', 'mp-alipay', 'h5', 'mp-toutiao', 'mp-lark', 'mp-baidu', 'mp-qq', 'mp-kuaishou', 'mp-jd', 'mp-xhs']
export declare const DEFAULT_COLLECTOR: string
export declare function inputsHash(collector: string): string
export declare function outDir(target: string, kind?: 'build' | 'test'): string
export declare function buildTarget(target: string, options?: { collector?: string; kind?: 'build' | 'test'; force?: boolean }): Promise<number>
export declare const PLACEHOLDER: string
export declare function copyWithCollector(dir: string, dest: string, from: string, to: string): string
