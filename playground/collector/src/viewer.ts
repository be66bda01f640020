export const VIEWER_HTML = '<!doctype html><title>minimon collector</title><p>loading</p>'
