// A minimal wx-like object for the benchmarks that need none of the simulator's behaviour (request.mjs,
// ab.mjs): what an SDK touches at init, with the host function `request` given, and `onError` handing the
// listener an SDK subscribes to `onError` (optional).

const none = () => {}

/** A wx-like object whose `request` is the given function. */
export function fakeWx(request, onError = none) {
  return {
    request,
    getStorageSync: () => '',
    setStorageSync: none,
    removeStorageSync: none,
    onError,
    onUnhandledRejection: none,
    onPageNotFound: none,
    onAppHide: none,
    onAppShow: none,
    getPerformance: () => ({ createObserver: () => ({ observe: none, disconnect: none }) }),
    getSystemInfoSync: () => ({ brand: 'bench', model: 'bench', SDKVersion: '3.4.0', platform: 'devtools', system: 'bench' }),
  }
}
