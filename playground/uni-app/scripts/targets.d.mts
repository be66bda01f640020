export declare const ROOT: string
export declare const TARGETS: readonly ['mp-weixin', 'mp-alipay', 'h5', 'mp-toutiao', 'mp-lark', 'mp-baidu', 'mp-qq', 'mp-kuaishou', 'mp-jd', 'mp-xhs']
export declare const DEFAULT_COLLECTOR: string
export declare function inputsHash(collector: string, sessionEvents?: boolean): string
/** `kind`: the folder under dist/ (`build`, `test`, `context`, `stacks`, `sessions`, …). */
export declare function outDir(target: string, kind?: string): string
export declare function mapsDir(target: string, kind?: string): string
export declare function buildTarget(target: string, options?: { collector?: string; kind?: string; force?: boolean; sessionEvents?: boolean }): Promise<number>
export declare const PLACEHOLDER: string
export declare function copyWithCollector(dir: string, dest: string, from: string, to: string): string
