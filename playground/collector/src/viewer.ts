// The live viewer served at GET / — one self-contained page (no external assets). It reads GET /api/state once
// and then follows GET /events (Server-Sent Events, event "state"). Every value from the wire is inserted with
// textContent, never as HTML: error messages come from untrusted clients.

const CSS = String.raw`
:root {
  --bg: #f6f7f9; --panel: #ffffff; --panel-2: #f1f3f6; --text: #1d232b; --muted: #67707c; --line: #e3e6eb;
  --accent: #2f6fde; --ok: #16874a; --warn: #b26b00; --err: #cc2f3b; --info: #5b6472;
  --ok-bg: #e5f5ec; --warn-bg: #fdf1dc; --err-bg: #fde8ea; --info-bg: #eceff3; --accent-bg: #e6eefc;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 1px 3px rgba(16, 24, 40, .08);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --panel: #181c21; --panel-2: #1f242a; --text: #e4e7eb; --muted: #9099a5; --line: #2a3038;
    --accent: #6d9cf5; --ok: #4cc47f; --warn: #e7a73c; --err: #f06a74; --info: #a3acb8;
    --ok-bg: #173323; --warn-bg: #3a2c12; --err-bg: #3b1b1f; --info-bg: #262c33; --accent-bg: #1c2a44;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--text); }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC", sans-serif; }
header { position: sticky; top: 0; z-index: 2; background: var(--panel); border-bottom: 1px solid var(--line);
  display: flex; align-items: center; gap: 18px; padding: 10px 22px; flex-wrap: wrap; }
.brand { display: flex; align-items: center; gap: 10px; font-weight: 650; font-size: 16px; letter-spacing: .2px; }
.logo { width: 26px; height: 26px; border-radius: 7px; background: linear-gradient(135deg, var(--accent), #8b5cf6);
  display: grid; place-items: center; color: #fff; font-size: 13px; font-weight: 700; }
.brand small { color: var(--muted); font-weight: 450; font-size: 12px; font-family: var(--mono); }
.pill { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; padding: 2px 10px; border-radius: 999px;
  background: var(--info-bg); color: var(--info); }
.pill.live { background: var(--ok-bg); color: var(--ok); }
.pill.down { background: var(--err-bg); color: var(--err); }
.pill .dot { width: 7px; height: 7px; border-radius: 50%; background: currentColor; }
.pill.live .dot { animation: pulse 2s infinite; }
@keyframes pulse { 50% { opacity: .35; } }
.stats { display: flex; gap: 18px; margin-left: auto; flex-wrap: wrap; }
.stat { display: flex; flex-direction: column; align-items: flex-end; }
.stat b { font-size: 17px; font-variant-numeric: tabular-nums; font-weight: 650; }
.stat span { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .5px; }
.stat.bad b { color: var(--err); }
main { padding: 18px 22px 40px; display: grid; gap: 18px; grid-template-columns: repeat(12, minmax(0, 1fr)); max-width: 1680px; margin: 0 auto; }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; box-shadow: var(--shadow); min-width: 0;
  grid-column: span 12; display: flex; flex-direction: column; }
@media (min-width: 1200px) {
  section.half { grid-column: span 6; }
  section.wide { grid-column: span 7; }
  section.narrow { grid-column: span 5; }
}
section > h2 { margin: 0; font-size: 13px; font-weight: 650; letter-spacing: .4px; text-transform: uppercase; color: var(--muted);
  padding: 12px 16px; border-bottom: 1px solid var(--line); display: flex; align-items: center; gap: 8px; }
section > h2 .count { font-family: var(--mono); font-size: 12px; color: var(--text); background: var(--panel-2); border-radius: 6px; padding: 0 7px; text-transform: none; }
section > h2 .hint { margin-left: auto; text-transform: none; letter-spacing: 0; font-weight: 400; font-size: 12px; }
.body { overflow: auto; max-height: 460px; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 550; color: var(--muted); font-size: 12px; padding: 7px 12px; position: sticky; top: 0; background: var(--panel); border-bottom: 1px solid var(--line); white-space: nowrap; }
td { padding: 7px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: var(--panel-2); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.mono { font-family: var(--mono); font-size: 12px; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
.ellipsis { max-width: 340px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 7px; border-radius: 5px; background: var(--info-bg); color: var(--info); white-space: nowrap; }
.badge.err { background: var(--err-bg); color: var(--err); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.badge.ok { background: var(--ok-bg); color: var(--ok); }
.badge.accent { background: var(--accent-bg); color: var(--accent); }
.badge.wechat { background: var(--ok-bg); color: var(--ok); }
.badge.alipay { background: var(--accent-bg); color: var(--accent); }
details summary { cursor: pointer; list-style: none; }
details summary::-webkit-details-marker { display: none; }
details summary .msg::before { content: "▸"; display: inline-block; width: 14px; color: var(--muted); transition: transform .15s; }
details[open] summary .msg::before { transform: rotate(90deg); }
pre.stack { margin: 8px 0 2px 14px; padding: 10px 12px; background: var(--panel-2); border-radius: 6px; font: 12px/1.5 var(--mono);
  white-space: pre-wrap; word-break: break-word; max-height: 260px; overflow: auto; }
.stack-box { margin: 8px 0 2px 14px; }
.stack-bar { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
.stack-bar button { font: 12px system-ui, sans-serif; border: 1px solid var(--line); background: var(--panel); color: var(--accent); border-radius: 5px; padding: 1px 8px; cursor: pointer; }
.stack-box pre.stack { margin: 0; }
.frames { background: var(--panel-2); border-radius: 6px; padding: 6px 10px; max-height: 420px; overflow: auto; }
.frame { padding: 3px 0; }
.frame.unresolved { color: var(--muted); white-space: pre-wrap; word-break: break-all; }
.frame-head .fn { font-weight: 600; }
.frame-head .loc { color: var(--accent); }
pre.context { margin: 4px 0 6px; padding: 4px 0; background: var(--panel); border-radius: 4px; font: 12px/1.45 var(--mono); overflow-x: auto; }
pre.context .ln { white-space: pre; padding: 0 8px; }
pre.context .ln.hit { background: var(--err-bg); color: var(--err); font-weight: 600; }
pre.context .no { display: inline-block; min-width: 3.5em; color: var(--muted); user-select: none; }
[hidden] { display: none !important; }
ol.crumbs { list-style: none; margin: 6px 0 2px 14px; padding: 0 0 0 12px; border-left: 2px solid var(--line); font: 12px/1.6 var(--mono); }
ol.crumbs li { position: relative; display: flex; gap: 8px; }
ol.crumbs li::before { content: ""; position: absolute; left: -17px; top: 7px; width: 8px; height: 8px; border-radius: 50%; background: var(--line); }
ol.crumbs li.last::before { background: var(--err); }
ol.crumbs .t { color: var(--muted); min-width: 64px; text-align: right; }
ol.crumbs .k { min-width: 58px; }
.sessions .rate { font: 600 20px var(--mono); }
.note { padding: 12px 16px; color: var(--muted); font-size: 12px; }
.empty { padding: 26px 16px; text-align: center; color: var(--muted); font-size: 13px; }
.empty code { font-family: var(--mono); background: var(--panel-2); padding: 1px 6px; border-radius: 4px; }
.pct { display: flex; align-items: center; gap: 8px; justify-content: flex-end; }
.bar { position: relative; width: 180px; height: 8px; border-radius: 4px; background: var(--panel-2); overflow: hidden; }
.bar i { position: absolute; top: 0; bottom: 0; left: 0; border-radius: 4px; }
.bar i.p50 { background: var(--accent); opacity: .95; }
.bar i.p90 { background: var(--accent); opacity: .5; }
.bar i.p99 { background: var(--accent); opacity: .25; }
.rate.bad { color: var(--err); font-weight: 600; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 12px 16px; }
.chip { font-family: var(--mono); font-size: 12px; padding: 3px 9px; border-radius: 6px; background: var(--ok-bg); color: var(--ok); display: inline-flex; gap: 6px; }
.chip em { font-style: normal; opacity: .7; }
.fed-title { border-top: 1px solid var(--line); padding-top: 12px !important; margin-top: 4px; font-weight: 600; }
.scope { padding: 10px 16px 0; font-size: 11px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); }
.issue { display: grid; grid-template-columns: 64px 1fr auto; gap: 10px; padding: 9px 16px; border-top: 1px solid var(--line); align-items: start; }
.issue .code { font-family: var(--mono); font-size: 12px; font-weight: 600; }
.issue .text { color: var(--muted); font-size: 13px; }
.summary-line { padding: 10px 16px; font-size: 13px; border-top: 1px solid var(--line); }
.perf td.v b { font-weight: 600; font-variant-numeric: tabular-nums; }
.perf td.v small { display: block; color: var(--muted); font-size: 11px; }
.slow { color: var(--warn); }
.very-slow { color: var(--err); }
footer { text-align: center; color: var(--muted); font-size: 12px; padding: 0 0 24px; }
footer code { font-family: var(--mono); }
`

const JS = String.raw`
(function () {
  'use strict';
  var state = null;
  var openStacks = {};
  var rawShown = {};
  function el(tag, attrs) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] == null) continue;
      if (k === 'text') n.textContent = String(attrs[k]);
      else if (k === 'cls') n.className = attrs[k];
      else n.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x != null) n.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else n.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return n;
  }
  function $(id) { return document.getElementById(id); }
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function clock(ms) { var d = new Date(ms); return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); }
  function ms(v) {
    if (v == null || !isFinite(v)) return '—';
    if (v >= 10000) return (v / 1000).toFixed(1) + ' s';
    if (v >= 1000) return (v / 1000).toFixed(2) + ' s';
    return (Math.round(v * 10) / 10) + ' ms';
  }
  function pct(v) { return (Math.round(v * 1000) / 10) + '%'; }
  function badgePlatform(p) { return el('span', { cls: 'badge ' + (p || ''), text: p || '?' }); }
  function empty(text, code) { return el('div', { cls: 'empty' }, text, code ? el('code', { text: code }) : null); }
  function table(head, rows, cls) {
    return el('table', { cls: cls || null },
      el('thead', null, el('tr', null, head.map(function (h) { return el('th', { cls: h.num ? 'num' : null, text: h.t }); }))),
      el('tbody', null, rows));
  }
  function fill(id, node, count) {
    var body = $(id + '-body');
    body.replaceChildren(node);
    var c = $(id + '-count'); if (c) c.textContent = String(count);
  }

  function frameView(f) {
    if (!f.source) return el('div', { cls: 'frame unresolved mono', text: f.raw.trim() });
    var head = el('div', { cls: 'frame-head mono' }, el('span', { cls: 'fn', text: f.fn || '(anonymous)' }), ' ',
      el('span', { cls: 'loc', text: f.source + ':' + f.line + ':' + f.column }));
    var ctx = f.context ? el('pre', { cls: 'context' }, f.context.lines.map(function (t, i) {
      var n = f.context.start + i;
      return el('div', { cls: n === f.line ? 'ln hit' : 'ln' }, el('span', { cls: 'no', text: String(n) }), t);
    })) : null;
    return el('div', { cls: 'frame resolved', 'data-source': f.source, 'data-line': String(f.line) }, head, ctx);
  }
  // original frames (with --sourcemaps) and a toggle to the stack as it arrived
  function stackView(e, key) {
    if (!e.frames) return el('pre', { cls: 'stack', text: e.stack });
    var raw = !!rawShown[key];
    var btn = el('button', { type: 'button', cls: 'toggle-raw' });
    var orig = el('div', { cls: 'frames', 'data-view': 'original' }, e.frames.map(frameView));
    var rawPre = el('pre', { cls: 'stack raw-stack', 'data-view': 'raw', text: e.rawStack || '' });
    function show() {
      orig.hidden = raw; rawPre.hidden = !raw;
      btn.textContent = raw ? 'original frames' : 'raw stack';
    }
    btn.addEventListener('click', function (ev) {
      ev.preventDefault();
      raw = !raw;
      if (raw) rawShown[key] = 1; else delete rawShown[key];
      show();
    });
    show();
    return el('div', { cls: 'stack-box' }, el('div', { cls: 'stack-bar' }, el('span', { cls: 'badge ok', text: 'source-mapped' }), btn), orig, rawPre);
  }

  // what led to the error: its breadcrumbs as a timeline, oldest first, times relative to the error
  function crumbs(list) {
    if (!list || !list.length) return null;
    return el('ol', { cls: 'crumbs', 'data-crumbs': String(list.length) }, list.map(function (c) {
      return el('li', null, el('span', { cls: 't', text: c[0] > -1000 ? c[0] + ' ms' : (c[0] / 1000).toFixed(1) + ' s' }), el('span', { cls: 'badge k', text: c[1] }), el('span', { text: c[2] }));
    }).concat([el('li', { cls: 'last' }, el('span', { cls: 't', text: '0 ms' }), el('span', { cls: 'badge err k', text: 'error' }), el('span', { text: 'this error' }))]));
  }
  function renderErrors(s) {
    var rows = s.errors.map(function (e) {
      var summary = el('summary', null, el('span', { cls: 'msg', text: e.message || '(no message)' }));
      var key = e.type + '\u0000' + e.message + '\u0000' + e.page + '\u0000' + e.platform + '\u0000' + e.session;
      var more = e.stack || (e.breadcrumbs && e.breadcrumbs.length);
      var details = more ? el('details', null, summary, e.stack ? stackView(e, key) : null, crumbs(e.breadcrumbs)) : el('div', null, el('span', { text: e.message || '(no message)' }));
      if (more) {
        // live updates re-render the table: keep what the reader opened
        if (openStacks[key]) details.open = true;
        details.addEventListener('toggle', function () { if (details.open) openStacks[key] = 1; else delete openStacks[key]; });
      }
      return el('tr', { 'data-error-type': e.type },
        el('td', { cls: 'mono nowrap muted', text: clock(e.time) }),
        el('td', null, el('span', { cls: 'badge err', text: e.type })),
        el('td', null, details),
        el('td', { cls: 'mono ellipsis', title: e.page, text: e.page || '—' }),
        el('td', null, badgePlatform(e.platform)),
        el('td', { cls: 'num', text: e.count > 1 ? '×' + e.count : '' }));
    });
    fill('errors', rows.length ? table([{ t: 'Time' }, { t: 'Type' }, { t: 'Message' }, { t: 'Page' }, { t: 'Platform' }, { t: '', num: true }], rows)
      : empty('No errors yet. Error logs (/v1/logs) and browser errorLogs show up here.'), s.counts.errors);
  }

  // errors grouped by session; crash-free sessions per release when session events arrive
  function renderSessions(s) {
    var ss = s.sessions;
    if (!ss || ss.mode === 'none') return fill('sessions', empty('No session yet. Every log minimon sends carries session.id.'), 0);
    var parts = [];
    if (ss.mode === 'events') {
      parts.push(table([{ t: 'Release' }, { t: 'Sessions', num: true }, { t: 'With errors', num: true }, { t: 'Crash-free', num: true }], ss.releases.map(function (r) {
        return el('tr', { 'data-release': r.version }, el('td', { cls: 'mono', text: r.version || '—' }), el('td', { cls: 'num', text: String(r.sessions) }),
          el('td', { cls: 'num', text: String(r.withErrors) }), el('td', { cls: 'num rate', text: pct(r.crashFree) }));
      }), 'releases'));
    } else parts.push(el('div', { cls: 'note', 'data-note': 'no-crash-free' }, ss.note));
    parts.push(table([{ t: 'Session' }, { t: 'Release' }, { t: 'User' }, { t: 'Errors', num: true }, { t: 'Last' }, { t: 'Ended' }], ss.sessions.map(function (x) {
      return el('tr', { 'data-session': x.id }, el('td', { cls: 'mono', title: x.id, text: x.id.slice(0, 8) + '…' }), el('td', { cls: 'mono', text: x.version || '—' }),
        el('td', { cls: 'mono', text: x.user || '—' }), el('td', { cls: 'num', text: String(x.errors) }), el('td', { cls: 'mono muted', text: clock(x.lastAt) }),
        el('td', { cls: 'muted', text: x.ended || (x.started ? 'open' : '—') }));
    })));
    fill('sessions', el('div', { cls: 'sessions' }, parts), ss.sessions.length);
  }

  var PERF_COLS = [['launch', 'Launch'], ['firstRender', 'First render'], ['route', 'Route'], ['script', 'Script'], ['packageLoad', 'Package load'], ['fcp', 'FCP'], ['lcp', 'LCP']];
  function perfCell(st) {
    if (!st) return el('td', { cls: 'num v muted', text: '—' });
    var c = st.avg >= 3000 ? 'very-slow' : st.avg >= 1000 ? 'slow' : '';
    return el('td', { cls: 'num v', title: 'last ' + ms(st.last) + ', min ' + ms(st.min) + ', max ' + ms(st.max) },
      el('b', { cls: c, text: ms(st.avg) }), el('small', { text: st.count > 1 ? 'avg of ' + st.count : 'one sample' }));
  }
  function renderPerf(s) {
    var extra = {};
    s.perf.forEach(function (r) { Object.keys(r.metrics).forEach(function (k) { if (!PERF_COLS.some(function (c) { return c[0] === k; })) extra[k] = 1; }); });
    var base = PERF_COLS.filter(function (c) {
      return ['fcp', 'lcp'].indexOf(c[0]) < 0 || s.perf.some(function (r) { return r.metrics[c[0]]; });
    });
    var cols = base.concat(Object.keys(extra).map(function (k) { return [k, k]; }));
    var rows = s.perf.map(function (r) {
      return el('tr', null, el('td', { cls: 'mono', text: r.page || '(no page)' }), el('td', null, badgePlatform(r.platform)),
        cols.map(function (c) { return perfCell(r.metrics[c[0]]); }));
    });
    fill('perf', rows.length ? table([{ t: 'Page' }, { t: 'Platform' }].concat(cols.map(function (c) { return { t: c[1], num: true }; })), rows, 'perf')
      : empty('No page timings yet. Gauges such as ', 'miniprogram.app_launch.duration'), s.perf.length);
  }

  function renderLatency(s) {
    var max = 1;
    s.latency.forEach(function (r) { if (r.p99 != null && r.p99 > max) max = r.p99; });
    var rows = s.latency.map(function (r) {
      function w(v) { return Math.max(2, Math.round(100 * (v || 0) / max)) + '%'; }
      var bar = el('div', { cls: 'bar', title: 'p50 ' + ms(r.p50) + ' · p90 ' + ms(r.p90) + ' · p99 ' + ms(r.p99) },
        el('i', { cls: 'p99', style: 'width:' + w(r.p99) }), el('i', { cls: 'p90', style: 'width:' + w(r.p90) }), el('i', { cls: 'p50', style: 'width:' + w(r.p50) }));
      return el('tr', { 'data-group': r.group },
        el('td', { cls: 'mono ellipsis', title: r.group, text: r.group }),
        el('td', null, badgePlatform(r.platform)),
        el('td', { cls: 'num', text: String(r.count) }),
        el('td', { cls: 'num rate' + (r.errorRate > 0.05 ? ' bad' : ''), text: pct(r.errorRate) }),
        el('td', { cls: 'num', 'data-p': '50', text: ms(r.p50) }),
        el('td', { cls: 'num', 'data-p': '90', text: ms(r.p90) }),
        el('td', { cls: 'num', 'data-p': '99', text: ms(r.p99) }),
        el('td', null, el('div', { cls: 'pct' }, bar)));
    });
    fill('latency', rows.length ? table([{ t: 'URL group' }, { t: 'Platform' }, { t: 'Requests', num: true }, { t: 'Errors', num: true }, { t: 'p50', num: true }, { t: 'p90', num: true }, { t: 'p99', num: true }, { t: '' }], rows)
      : empty('No request histograms yet (', 'miniprogram.request.duration'), s.latency.length);
  }

  function renderTraces(s) {
    var rows = s.traces.map(function (t) {
      var st = t.status || (t.isError ? 'error' : '');
      return el('tr', null,
        el('td', { cls: 'mono nowrap muted', text: clock(t.time) }),
        el('td', { cls: 'mono ellipsis', title: t.traceId + '\nsegment ' + t.segmentId, text: t.traceId }),
        el('td', { cls: 'nowrap' }, t.service, el('span', { cls: 'muted', text: t.instance ? ' @' + t.instance : '' })),
        el('td', { cls: 'mono', text: t.peer }),
        el('td', { cls: 'mono ellipsis', title: t.url, text: (t.method ? t.method + ' ' : '') + t.url }),
        el('td', null, el('span', { cls: 'badge ' + (t.isError || Number(st) >= 400 ? 'err' : 'ok'), text: st || '?' })),
        el('td', { cls: 'num', text: ms(t.durationMs) }),
        el('td', { cls: 'mono ellipsis muted', title: t.page, text: t.page }));
    });
    fill('traces', rows.length ? table([{ t: 'Time' }, { t: 'Trace id' }, { t: 'Service' }, { t: 'Peer' }, { t: 'URL' }, { t: 'Status' }, { t: 'Duration', num: true }, { t: 'Page' }], rows)
      : empty('No segments yet. Enable tracing to POST SkyWalking segments to ', '/v3/segments'), s.counts.segments);
  }

  function renderContract(s) {
    var c = s.contract;
    var box = el('div');
    if (!c.batches) { fill('contract', empty('The SkyWalking OAP contract check runs on every batch received.'), 0); return; }
    box.appendChild(el('div', { cls: 'summary-line' },
      el('span', { cls: 'badge ' + (c.okBatches === c.batches ? 'ok' : 'warn'), text: c.okBatches + ' / ' + c.batches + ' batches clean' }),
      ' ', el('span', { cls: 'muted', text: c.fed.length + ' dashboard metrics fed' })));
    // other hosts' data is expected: one line naming them, above the issues, so it does not read as a problem
    var others = c.issues.filter(function (i) { return i.code === 'other-platform' && i.platform; });
    if (others.length) {
      box.appendChild(el('div', { cls: 'summary-line other-platforms', 'data-other-platforms': '' },
        el('span', { cls: 'muted', text: 'For OTLP backends only (OAP’s mini-program dashboards skip them): ' }),
        others.map(function (i) { return el('span', null, badgePlatform(i.platform), ' '); })));
    }
    c.issues.forEach(function (i) {
      var cls = i.severity === 'error' ? 'err' : i.severity === 'warn' ? 'warn' : '';
      box.appendChild(el('div', { cls: 'issue', 'data-code': i.code, 'data-platform': i.platform || null },
        el('span', { cls: 'badge ' + cls, text: i.severity }),
        el('div', null, el('div', { cls: 'code', text: i.code + (i.metric ? '  ·  ' + i.metric : '') + (i.platform ? '  ·  ' + i.platform : '') }), el('div', { cls: 'text', text: i.message })),
        el('span', { cls: 'muted mono', text: '×' + i.count })));
    });
    if (c.fed.length) box.appendChild(el('div', { cls: 'scope fed-title', text: 'Dashboard metrics fed' }));
    ['service', 'instance', 'endpoint'].forEach(function (scope) {
      var f = c.fed.filter(function (x) { return x.scope === scope; });
      if (!f.length) return;
      box.appendChild(el('div', { cls: 'scope', text: scope + ' scope' }));
      box.appendChild(el('div', { cls: 'chips' }, f.map(function (x) {
        return el('span', { cls: 'chip', title: x.layer + '\n' + x.rule }, x.metric, el('em', { text: '×' + x.count }));
      })));
    });
    var warn = c.issues.filter(function (i) { return i.severity !== 'info'; }).length;
    fill('contract', box, warn);
  }

  function renderRequests(s) {
    var rows = s.requests.slice(0, 60).map(function (r) {
      var cls = r.status >= 200 && r.status < 300 ? 'ok' : r.status === 0 ? 'err' : r.status >= 400 ? 'err' : 'warn';
      return el('tr', null,
        el('td', { cls: 'mono nowrap muted', text: clock(r.at) }),
        el('td', { cls: 'mono', text: r.method + ' ' + r.path }),
        el('td', null, el('span', { cls: 'badge ' + cls, text: r.status ? String(r.status) : 'reset' })),
        el('td', { cls: 'mono muted nowrap', text: (r.contentType || '').split(';')[0] + (r.contentEncoding ? ' · ' + r.contentEncoding : '') }),
        el('td', { cls: 'num mono', text: r.bytes + ' B' }),
        el('td', { cls: 'muted ellipsis', title: r.error || '', text: r.error || '' }));
    });
    fill('requests', rows.length ? table([{ t: 'Time' }, { t: 'Request' }, { t: 'Status' }, { t: 'Type' }, { t: 'Body', num: true }, { t: 'Note' }], rows)
      : empty('Nothing received yet. Point the SDK at ', location.origin), s.counts.requests);
  }

  function render(s) {
    state = s;
    $('s-requests').textContent = String(s.counts.requests);
    $('s-errors').textContent = String(s.counts.errors);
    $('s-points').textContent = String(s.counts.metricPoints);
    $('s-segments').textContent = String(s.counts.segments);
    $('s-rejected').textContent = String(s.counts.rejected);
    $('st-errors').className = 'stat' + (s.counts.errors ? ' bad' : '');
    $('st-rejected').className = 'stat' + (s.counts.rejected ? ' bad' : '');
    $('endpoint').textContent = s.url || location.origin;
    document.title = (s.counts.errors ? '(' + s.counts.errors + ') ' : '') + 'minimon collector';
    renderErrors(s); renderSessions(s); renderPerf(s); renderLatency(s); renderTraces(s); renderContract(s); renderRequests(s);
  }

  function setLive(ok) {
    var p = $('live');
    p.className = 'pill ' + (ok ? 'live' : 'down');
    p.lastChild.textContent = ok ? 'live' : 'reconnecting…';
  }

  function poll() {
    fetch('/api/state', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(render).catch(function () {});
  }
  poll();
  if (window.EventSource) {
    var es = new EventSource('/events');
    es.addEventListener('state', function (ev) { try { render(JSON.parse(ev.data)); } catch (e) {} });
    es.onopen = function () { setLive(true); };
    es.onerror = function () { setLive(false); };
  } else {
    setInterval(poll, 2000);
  }
})();
`

function section(id: string, title: string, cls: string, hint = ''): string {
  return `<section id="${id}" data-section="${id}" class="${cls}"><h2>${title} <span class="count" id="${id}-count">0</span>` +
    (hint ? `<span class="hint muted">${hint}</span>` : '') + `</h2><div class="body" id="${id}-body"></div></section>`
}

export const VIEWER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>minimon collector</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <div class="brand"><div class="logo">m</div><div>minimon collector<br><small id="endpoint"></small></div></div>
  <span class="pill" id="live"><span class="dot"></span><span>connecting…</span></span>
  <div class="stats">
    <div class="stat"><b id="s-requests">0</b><span>requests</span></div>
    <div class="stat" id="st-errors"><b id="s-errors">0</b><span>errors</span></div>
    <div class="stat"><b id="s-points">0</b><span>metric points</span></div>
    <div class="stat"><b id="s-segments">0</b><span>segments</span></div>
    <div class="stat" id="st-rejected"><b id="s-rejected">0</b><span>refused</span></div>
  </div>
</header>
<main>
${section('errors', 'Errors', 'wide', 'click a message for its stack')}
${section('contract', 'SkyWalking OAP contract', 'narrow', 'what the dashboards will show')}
${section('sessions', 'Sessions', '', 'errors by session.id; crash-free sessions per release need sessionEvents()')}
${section('perf', 'Page performance', '', 'average per page; hover for last / min / max')}
${section('latency', 'Requests', '', 'p50 / p90 / p99 estimated from histogram buckets')}
${section('traces', 'Traces', '', 'SkyWalking segments')}
${section('requests', 'Received', '', 'last 60 HTTP requests')}
</main>
<footer>OTLP/HTTP <code>/v1/logs</code> <code>/v1/metrics</code> · SkyWalking <code>/v3/segments</code> · state <code>/api/state</code> · live <code>/events</code></footer>
<script>${JS}</script>
</body>
</html>
`
