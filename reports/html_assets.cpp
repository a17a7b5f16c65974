// The style and script embedded in every HTML report: the page needs no network.
//
// The script draws each timeline from the trace embedded as JSON: a swimlane per node; across
// its top the protocol's state bands (a server's role, a client's connection), with labels such
// as epochs where they change and a new leader marked across every lane; on a holder's lane the
// interval its grantor granted and the interval the node believed; message arrows from send to
// arrival (lost ones dashed and crossed), or, when more fall in view than arrows can show, a
// density strip per pair of lanes; fault bands; violation windows shaded with their length.
// Labels never overlap: each takes a free row or is cut (full text on hover). Filters select a
// node, a message kind, faults on or off. The wheel zooms around the cursor, dragging pans,
// and every mark shows its event when hovered. What it draws comes derived (reports/intervals):
// the script only places it. Each drawing writes what it placed (label boxes, bands, the time
// it took) to its box's data-layout attribute, which the browser tests read.
#include "reports/html_assets.h"

namespace leasesim::reports {

const char* const kHtmlStyle = R"CSS(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1d2330; background: #fafbfc; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: #5a6272; margin-bottom: 10px; }
.desc { max-width: 900px; color: #333a48; }
table { border-collapse: collapse; margin: 6px 0 12px; background: #fff; }
th, td { border: 1px solid #dde1e8; padding: 4px 10px; text-align: left; font-variant-numeric: tabular-nums; }
th { background: #f0f2f6; font-weight: 600; }
.bad { color: #b3261e; font-weight: 600; }
.good { color: #1e7b34; font-weight: 600; }
.report { color: #8a5a00; font-weight: 600; }
a.zoom { cursor: pointer; color: #2457c5; text-decoration: underline; }
details { margin: 8px 0; background: #fff; border: 1px solid #dde1e8; border-radius: 6px; padding: 6px 12px; }
summary { cursor: pointer; font-weight: 600; }
.timeline { position: relative; margin: 8px 0 16px; background: #fff; border: 1px solid #dde1e8; border-radius: 6px; }
.timeline svg { display: block; width: 100%; user-select: none; cursor: grab; }
.controls { padding: 6px 8px; border-bottom: 1px solid #eef0f4; font-size: 13px; color: #5a6272; }
.controls button { margin-right: 6px; }
.tip { position: fixed; pointer-events: none; background: #1d2330; color: #fff; padding: 4px 8px; border-radius: 4px;
       font-size: 12px; white-space: pre; z-index: 10; display: none; }
.note { color: #8a5a00; }
)CSS";

const char* const kHtmlScript = R"JS(
(function () {
  'use strict';
  const SVGNS = 'http://www.w3.org/2000/svg';
  // LANE0: a lane's height without state bands; each band row adds STATE_H above its marks.
  const LANE0 = 52, BAR = 7, LABEL = 130, AXIS = 26, STATE_H = 14, MARK_ROW = 15, PAIR_H = 11, BIN = 3;
  const LABEL_H = 15, LABEL_PAD = 2, LABEL_MIN = 22;
  // Messages are drawn one arrow each while there are at most this many per pixel of the plot
  // in view; past it each pair of lanes gets a density strip (and arrows come back on zooming in).
  const ARROWS_PER_PX = 0.25;
  const UNMARKED = ['message_sent', 'message_delivered', 'message_deferred', 'fault_start', 'fault_end', 'violation_start', 'violation_end'];

  function fmt(ns) {
    if (ns === null || ns === undefined) return '-';
    const neg = ns < 0, v = Math.abs(ns), whole = Math.floor(v / 1e9);
    const frac = String(v - whole * 1e9).padStart(9, '0').replace(/0+$/, '');
    return (neg ? '-' : '') + whole + (frac ? '.' + frac : '') + ' s';
  }
  function len(ns) {
    if (ns >= 1e9) return fmt(ns);
    if (ns >= 1e6) return (ns / 1e6).toString() + ' ms';
    if (ns >= 1e3) return (ns / 1e3).toString() + ' us';
    return ns + ' ns';
  }
  // Dark or light text, whichever reads on `hex`.
  function ink(hex) {
    const v = parseInt(hex.slice(1), 16), r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
    return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1d2330' : '#ffffff';
  }
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // Lanes, and the events shown as hoverable marks (everything drawn otherwise is left out).
  function model(D) {
    const m = { lanes: D.nodes.slice(), marks: [], hasNet: D.faults.some((f) => f[0] === null), kinds: [], rows: 0 };
    for (const ev of D.events) if (UNMARKED.indexOf(D.kinds[ev[1]]) < 0) m.marks.push(ev);
    const kinds = {};
    for (const f of D.flights) kinds[f[3]] = 1;
    m.kinds = Object.keys(kinds).sort();
    for (const s of D.states) m.rows = Math.max(m.rows, s[1] + 1);
    for (const l of D.stateLabels) m.rows = Math.max(m.rows, l[1] + 1);
    m.newLeaders = D.states.filter((s) => D.bands[s[2]].states[s[3]][2]);
    return m;
  }

  function describe(D, ev) {
    const [t, k, n, p, s, id, a, b] = ev, name = D.kinds[k], sym = D.symbols[s];
    const who = n === null ? 'network' : D.nodes[n], peer = p === null ? '' : D.nodes[p];
    let what = '';
    switch (name) {
      case 'lease_granted': what = peer + ' epoch ' + id + ' until ' + fmt(a); break;
      case 'lease_believed': what = 'epoch ' + id + (a === null ? ' while connected' : ' until ' + fmt(a)); break;
      case 'lease_expired': what = peer + ' epoch ' + id; break;
      case 'lock_held': case 'lock_released': what = sym + ' (session ' + id + ')'; break;
      case 'state': what = sym + (peer ? ' (' + peer + ')' : ''); break;
      case 'timer_fired': case 'timer_deferred': what = sym; break;
      case 'message_dropped': case 'message_lost': what = '#' + id + ' ' + sym; break;
      case 'connection_lost': what = 'to ' + peer; break;
      case 'clock_changed': what = s !== 0 ? 'stopped' : 'drift ' + (a / 1000) + ' ppm'; break;
      default: what = (sym || '') + (id ? ' #' + id : '');
    }
    return fmt(t) + '  ' + who + '  ' + name + (what ? '\n' + what : '');
  }

  function ticks(t0, t1, px) {
    const span = t1 - t0, want = Math.max(2, Math.floor(px / 110));
    const steps = [1, 2, 5];
    let step = 1;
    for (let e = 1; e < 1e16; e *= 10) { let done = false; for (const f of steps) { if (span / (f * e) <= want) { step = f * e; done = true; break; } } if (done) break; }
    const out = [];
    for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push(t);
    return out;
  }

  // Labels that never overlap: each is offered rows (tops, in order of preference) and takes
  // the first where its box, as the browser measures it, is free; with none free it is cut to
  // the free space of its first row (its full text on hover) or, with too little room, left out
  // (the mark it names still shows it on hover). A label given `max` is cut to that width.
  function Labels(svg, right) {
    const placed = [];
    const free = (b) => placed.every((p) => p.x1 <= b.x0 || p.x0 >= b.x1 || p.y1 <= b.y0 || p.y0 >= b.y1);
    const room = (b) => placed.reduce((r, p) => (p.x0 >= b.x0 && !(p.y1 <= b.y0 || p.y0 >= b.y1) ? Math.min(r, p.x0) : r), right);
    function fit(t, text, width) {
      let n = text.length;
      while (n > 0) {
        t.textContent = text.slice(0, n) + '\u2026';
        const w = t.getComputedTextLength();
        if (w <= width) return;
        n = Math.max(0, Math.min(n - 1, Math.floor((n * width) / w)));
      }
      t.textContent = '';
    }
    function put(text, x, tops, o) {
      const t = el('text', { 'font-size': o.size || 11, 'font-weight': o.weight || 400, fill: o.color || '#1d2330', 'data-label': '1' }, svg);
      t.textContent = text;
      const limit = (o.max === undefined ? Infinity : o.max) - 2 * LABEL_PAD;
      let cut = false;
      if (t.getComputedTextLength() > limit) {
        if (limit + 2 * LABEL_PAD < LABEL_MIN) { t.remove(); return null; }
        fit(t, text, limit);
        cut = true;
      }
      const at = (x0, top) => {
        t.setAttribute('x', x0 + LABEL_PAD);
        t.setAttribute('y', top + LABEL_H - 3);
        const b = t.getBBox();
        return { x0: b.x - LABEL_PAD, x1: b.x + b.width + LABEL_PAD, y0: b.y, y1: b.y + b.height };
      };
      const w = t.getComputedTextLength() + 2 * LABEL_PAD;
      let box = null;
      for (const top of tops) {
        const b = at(Math.max(LABEL, Math.min(x, right - w)), top);
        if (free(b)) { box = b; break; }
      }
      if (!box) {
        const b = at(Math.max(LABEL, x), tops[0]);
        const gap = room(b) - b.x0;
        if (gap < LABEL_MIN) { t.remove(); return null; }
        fit(t, text, Math.min(gap, w) - 2 * LABEL_PAD);
        cut = true;
        box = at(Math.max(LABEL, x), tops[0]);
        if (t.getComputedTextLength() < 1 || !free(box)) { t.remove(); return null; }
      }
      if (o.bg) svg.insertBefore(el('rect', { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0, fill: o.bg, opacity: 0.85, rx: 2 }), t);
      t.dataset.tip = o.tip || text;
      if (cut) t.dataset.full = text;
      box.el = t;
      placed.push(box);
      return t;
    }
    return { put: put, placed: placed };
  }

  function mount(box, D, windows) {
    const m = model(D);
    const lanes = (m.hasNet ? ['network'] : []).concat(m.lanes);
    const laneOf = (n) => (n === null ? 0 : n + (m.hasNet ? 1 : 0));
    const OFF = m.rows * STATE_H, LANE = LANE0 + OFF;
    const MARKS = m.newLeaders.length ? 2 * MARK_ROW : 0;
    let view = { t0: 0, t1: Math.max(1, D.duration) };
    let focus = null;  // the window whose causes are shown
    const filter = { node: -1, kind: '', faults: true };
    const controls = document.createElement('div');
    controls.className = 'controls';
    let opts = '<select data-f="node"><option value="-1">all nodes</option>' + D.nodes.map((n, i) => '<option value="' + i + '"></option>').join('') + '</select> ';
    opts += '<select data-f="kind"><option value="">all messages</option>' + m.kinds.map(() => '<option></option>').join('') + '</select> ';
    opts += '<label><input type="checkbox" data-f="faults" checked> faults</label> ';
    controls.innerHTML = '<button data-z="in">zoom in</button><button data-z="out">zoom out</button><button data-z="fit">whole run</button>' + opts +
      '<span class="span"></span> &middot; wheel to zoom, drag to move, hover for details' + (D.truncated ? ' &middot; <span class="note">trace cut: the run had more events than a page holds</span>' : '');
    box.appendChild(controls);
    // Names go in as text, never as markup.
    controls.querySelectorAll('select[data-f="node"] option').forEach((o, i) => { if (i) o.textContent = D.nodes[i - 1]; });
    controls.querySelectorAll('select[data-f="kind"] option').forEach((o, i) => { if (i) { o.textContent = m.kinds[i - 1]; o.value = m.kinds[i - 1]; } });
    const svg = el('svg', { role: 'img' }, box);
    const tip = document.createElement('div');
    tip.className = 'tip';
    document.body.appendChild(tip);

    function legendItems() {
      const items = [['#3d9a50', 'granted by its grantor'], ['#3a6fd8', 'believed by the node']]
        .concat(D.locks.length ? [['#8e44ad', 'holds the lock']] : []).concat([['#e0523f', 'violation window'], ['#f2a93b', 'fault']]);
      const used = {};
      for (const s of D.states) used[s[2] + ' ' + s[3]] = 1;
      D.bands.forEach((b, bi) => b.states.forEach((st, si) => { if (used[bi + ' ' + si]) items.push([st[1], b.name + ' ' + st[0], true]); }));
      return items;
    }

    function draw() {
      const began = performance.now();
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const width = Math.max(400, box.clientWidth || 1000), plot = width - LABEL - 16, right = LABEL + plot;
      const x = (t) => LABEL + ((t - view.t0) / (view.t1 - view.t0)) * plot;
      const clipX = (t) => Math.max(LABEL, Math.min(right, x(t)));
      const visible = (a, b) => b >= view.t0 && a <= view.t1;
      const nodeOk = (a, b) => filter.node < 0 || a === filter.node || b === filter.node;
      controls.querySelector('.span').textContent = ' ' + fmt(Math.round(view.t0)) + ' to ' + fmt(Math.round(view.t1));
      const defs = el('defs', {}, svg);
      const mk = el('marker', { id: 'arrow' + box.id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, defs);
      el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a6' }, mk);
      // legend, wrapped to the width
      let lx = LABEL, ly = 8;
      for (const [c, txt, band] of legendItems()) {
        const t = el('text', { x: lx + 20, y: ly + 9, 'font-size': 12, fill: '#333' }, svg);
        t.textContent = txt;
        const w = 20 + t.getComputedTextLength() + 18;
        if (lx + w > right && lx > LABEL) { lx = LABEL; ly += 16; t.setAttribute('x', lx + 20); t.setAttribute('y', ly + 9); }
        el('rect', { x: lx, y: ly, width: 14, height: 10, fill: c, opacity: band ? 1 : 0.8 }, svg);
        lx += w;
      }
      const TOP = ly + 22 + MARKS, laneTop = (i) => TOP + i * LANE;
      // The messages in view, after the filters; too many for arrows makes density strips.
      const flights = D.flights.filter((f) => visible(f[4], f[5]) && nodeOk(f[1], f[2]) && (!filter.kind || f[3] === filter.kind));
      const dense = flights.length > plot * ARROWS_PER_PX;
      const pairs = [];
      if (dense) {
        const at = {};
        for (const f of flights) {
          const a = Math.min(laneOf(f[1]), laneOf(f[2])), b = Math.max(laneOf(f[1]), laneOf(f[2])), key = a + ' ' + b;
          if (at[key] === undefined) { at[key] = pairs.length; pairs.push({ a: a, b: b, bins: {}, most: 0 }); }
          const p = pairs[at[key]], bin = Math.floor((clipX(f[4]) - LABEL) / BIN);
          const c = p.bins[bin] || (p.bins[bin] = { n: 0, lost: 0, t0: f[4], t1: f[4] });
          c.n++; if (f[6]) c.lost++;
          c.t0 = Math.min(c.t0, f[4]); c.t1 = Math.max(c.t1, f[4]);
          p.most = Math.max(p.most, c.n);
        }
        pairs.sort((p, q) => p.a - q.a || p.b - q.b);
      }
      const pairTop = TOP + lanes.length * LANE + (dense ? 8 : 0);
      const ay = pairTop + pairs.length * PAIR_H + (dense ? 4 : 0);
      const height = ay + AXIS;
      svg.setAttribute('width', width);
      svg.setAttribute('height', height);
      svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
      const labels = Labels(svg, right);
      const layout = { mode: dense ? 'density' : 'arrows', flights: flights.length, bands: [], labels: [], ticks: [], pairs: pairs.length };
      lanes.forEach((name, i) => {
        const y = laneTop(i);
        el('rect', { x: 0, y: y, width: width, height: LANE, fill: i % 2 ? '#f7f8fa' : '#ffffff' }, svg);
        el('text', { x: 8, y: y + OFF + LANE0 / 2 + 4, 'font-size': 13, 'font-weight': 600, fill: '#1d2330' }, svg).textContent = name;
      });
      // lane label rows, bottom up: where window and fault labels go
      const laneRows = (i) => [0, 1, 2].map((r) => laneTop(i) + LANE - LABEL_H - 2 - r * LABEL_H);
      const later = [];  // labels placed after everything they describe is drawn (they go on top)
      // faults
      if (filter.faults) {
        for (const [node, desc, start, end] of D.faults) {
          if (!visible(start, end)) continue;
          const i = laneOf(node), y = laneTop(i);
          const w = Math.max(1.5, clipX(end) - clipX(start));
          const r = el('rect', { x: clipX(start), y: y + OFF + 1, width: w, height: LANE0 - 2, fill: '#f2a93b', opacity: 0.22, 'data-kind': 'fault' }, svg);
          r.dataset.tip = 'fault: ' + desc + '\n' + fmt(start) + ' to ' + fmt(end);
          later.push([3, () => labels.put(desc, clipX(start) + 2, laneRows(i).slice().reverse(), { size: 10, color: '#8a5a00', bg: '#fff7e8', tip: r.dataset.tip })]);
        }
      }
      // violation windows
      for (const w of windows) {
        if (!visible(w.start, w.end)) continue;
        const i = laneOf(w.node), y = laneTop(i);
        const r = el('rect', { x: clipX(w.start), y: y + 1, width: Math.max(2, clipX(w.end) - clipX(w.start)), height: LANE - 2, fill: w.report ? '#f2c12e' : '#e0523f', opacity: 0.3, stroke: w.report ? '#b08a00' : '#b3261e', 'data-kind': 'violation' }, svg);
        r.addEventListener('click', () => { focus = focus === w ? null : w; draw(); });
        r.style.cursor = 'pointer';
        r.dataset.tip = 'click: what led to it\n' + w.checker + (w.report ? ' report' : ' violation') + (w.other !== null ? ' with ' + D.nodes[w.other] : '') + '\n' + fmt(w.start) + ' to ' + fmt(w.end) + '  (' + len(w.end - w.start) + ')' + (w.paused ? '\npaused ' + len(w.paused) : '');
        const text = len(w.end - w.start) + (windows.filter((v) => v.node === w.node).length > 1 ? ' ' + w.checker : '');
        later.push([1, () => labels.put(text, clipX(w.start) + 2, laneRows(i), { size: 12, weight: 700, color: '#b3261e', bg: '#fff', tip: r.dataset.tip })]);
      }
      // grants and beliefs
      const bars = (list, dy, color, what) => {
        for (const [node, epoch, start, end] of list) {
          if (!visible(start, end) || !nodeOk(node, node)) continue;
          const y = laneTop(laneOf(node)) + OFF + dy;
          const r = el('rect', { x: clipX(start), y: y, width: Math.max(1.5, clipX(end) - clipX(start)), height: BAR, fill: color, rx: 2, 'data-kind': what }, svg);
          r.dataset.tip = (what === 'granted' ? 'granted, epoch ' : what === 'lock' ? 'holds the lock, session ' : 'believed, epoch ') + epoch + '\n' + fmt(start) + ' to ' + fmt(end);
        }
      };
      bars(D.grants, 7, '#3d9a50', 'granted');
      bars(D.beliefs, 7 + BAR + 2, '#3a6fd8', 'believed');
      bars(D.locks, 7 + 2 * (BAR + 2), '#8e44ad', 'lock');
      // messages: one arrow each, or a density strip per pair of lanes
      if (!dense) {
        for (const [id, from, to, kind, sent, at, lost, why] of flights) {
          const y1 = laneTop(laneOf(from)) + LANE - 12, y2 = laneTop(laneOf(to)) + LANE - 12;
          const yEnd = lost ? y1 + (y2 - y1) * 0.5 : y2;
          if (lost && !filter.faults) continue;
          const line = el('line', { x1: x(sent), y1: y1, x2: x(at), y2: yEnd, stroke: lost ? '#c0392b' : '#8a93a6', 'stroke-width': 1, 'stroke-dasharray': lost ? '4 3' : '', 'marker-end': lost ? '' : 'url(#arrow' + box.id + ')', 'data-kind': lost ? 'lost' : 'message' }, svg);
          line.dataset.tip = kind + ' #' + id + '  ' + D.nodes[from] + ' -> ' + D.nodes[to] + '\nsent ' + fmt(sent) + (lost ? '\nlost ' + fmt(at) + ': ' + why : '\narrived ' + fmt(at));
          if (lost) el('text', { x: x(at) - 4, y: yEnd + 4, 'font-size': 12, fill: '#c0392b' }, svg).textContent = '\u2715';
        }
      } else {
        pairs.forEach((p, r) => {
          const y = pairTop + r * PAIR_H;
          el('rect', { x: LABEL, y: y, width: plot, height: PAIR_H - 2, fill: '#f3f4f7' }, svg);
          el('text', { x: 8, y: y + PAIR_H - 3, 'font-size': 10, fill: '#5a6272' }, svg).textContent = lanes[p.a] + ' \u2194 ' + lanes[p.b];
          for (const bin in p.bins) {
            const c = p.bins[bin], bx = LABEL + bin * BIN;
            const rect = el('rect', { x: bx, y: y, width: BIN, height: PAIR_H - 2, fill: '#46506a', opacity: (0.2 + 0.8 * c.n / p.most).toFixed(3), 'data-kind': 'density' }, svg);
            rect.dataset.tip = lanes[p.a] + ' \u2194 ' + lanes[p.b] + ': ' + c.n + (c.n === 1 ? ' message' : ' messages') + (c.lost ? ', ' + c.lost + ' lost' : '') + '\nsent ' + fmt(c.t0) + (c.t1 > c.t0 ? ' to ' + fmt(c.t1) : '');
            if (c.lost && filter.faults) el('rect', { x: bx, y: y + PAIR_H - 5, width: BIN, height: 3, fill: '#c0392b', 'data-kind': 'lost-density' }, svg).dataset.tip = rect.dataset.tip;
          }
        });
        el('text', { x: 8, y: pairTop - 1, 'font-size': 10, 'font-style': 'italic', fill: '#5a6272' }, svg).textContent = 'messages (zoom in for arrows)';
      }
      // a new leader, marked across the lanes
      m.newLeaders.forEach((s) => {
        const [lane, row, band, state, of, start] = s;
        if (start < view.t0 || start > view.t1) return;
        const c = D.bands[band].states[state][1];
        el('line', { x1: x(start), y1: TOP - MARKS + 2, x2: x(start), y2: ay, stroke: c, 'stroke-width': 1.5, 'stroke-dasharray': '5 3', 'data-kind': 'leader-change' }, svg);
        const text = D.nodes[of] + ' ' + D.bands[band].states[state][0];
        later.push([0, () => labels.put(text, x(start) + 2, [TOP - MARKS + 1, TOP - MARKS + 1 + MARK_ROW], { size: 11, weight: 700, color: c, bg: '#fff', tip: text + ' at ' + fmt(start) })]);
      });
      // event marks
      for (const ev of m.marks) {
        const t = ev[0];
        if (t < view.t0 || t > view.t1 || !nodeOk(ev[2], ev[3])) continue;
        const y = laneTop(laneOf(ev[2])) + LANE - 5;
        const c = el('circle', { cx: x(t), cy: y, r: 2.6, fill: '#555d6e', 'data-kind': 'event' }, svg);
        c.dataset.tip = describe(D, ev);
      }
      // state bands, across the top of their lanes
      const bandTop = (lane, row) => laneTop(laneOf(lane)) + 2 + row * STATE_H;
      for (const [lane, row, band, state, of, start, end] of D.states) {
        if (!visible(start, end)) continue;
        const st = D.bands[band].states[state], y = bandTop(lane, row), x0 = clipX(start), x1 = clipX(end);
        if (x1 - x0 <= 0) continue;
        const r = el('rect', { x: x0, y: y, width: x1 - x0, height: STATE_H - 2, fill: st[1], 'data-kind': 'state' }, svg);
        const tipText = D.bands[band].name + (D.bands[band].onPeer ? ' (' + D.nodes[of] + ')' : '') + ': ' + st[0] + '\n' + fmt(start) + ' to ' + fmt(end);
        r.dataset.tip = tipText;
        layout.bands.push([x0, y, x1, y + STATE_H - 2, st[1], D.nodes[of], st[0], start, end]);
        later.push([4, () => labels.put(st[0], x0 + 1, [y - 3], { size: 10, weight: 600, color: ink(st[1]), max: x1 - x0 - 2, tip: tipText })]);
      }
      for (const [lane, row, band, t, text] of D.stateLabels) {
        if (t < view.t0 || t > view.t1) continue;
        const y = bandTop(lane, row);
        el('line', { x1: x(t), y1: y, x2: x(t), y2: y + STATE_H - 2, stroke: '#1d2330', 'stroke-width': 1 }, svg);
        layout.ticks.push(x(t));
        later.push([2, () => labels.put(text, x(t) + 2, [y - 3], { size: 10, weight: 700, color: '#1d2330', bg: '#ffffff', tip: text + ' at ' + fmt(t) })]);
      }
      if (focus) drawCauses(focus, { x: x, clipX: clipX, laneTop: laneTop, laneRows: laneRows, labels: labels, later: later, TOP: TOP, ay: ay, right: right, layout: layout });
      // labels last, the most telling first: new leaders, windows, epochs, faults, state names
      later.sort((a, b) => a[0] - b[0]).forEach((l) => l[1]());
      // axis
      el('line', { x1: LABEL, y1: ay, x2: right, y2: ay, stroke: '#9aa2b1' }, svg);
      for (const t of ticks(view.t0, view.t1, plot)) {
        el('line', { x1: x(t), y1: TOP, x2: x(t), y2: ay + 4, stroke: '#e6e9ef' }, svg);
        el('text', { x: x(t), y: ay + 17, 'font-size': 11, 'text-anchor': 'middle', fill: '#5a6272' }, svg).textContent = fmt(t);
      }
      // What the tests measure: every label's box as drawn, the bands, and the time drawing took.
      for (const b of labels.placed) {
        const bb = b.el.getBBox();
        layout.labels.push([+bb.x.toFixed(1), +bb.y.toFixed(1), +bb.width.toFixed(1), +bb.height.toFixed(1), b.el.textContent]);
      }
      const at = svg.getBoundingClientRect();
      layout.svg = [at.left + window.scrollX, at.top + window.scrollY];
      layout.ms = +(performance.now() - began).toFixed(1);
      box.dataset.layout = JSON.stringify(layout);
    }

    // The causal view: the rest dimmed, the window and what led to it drawn again on top.
    function drawCauses(w, g) {
      el('rect', { x: LABEL, y: g.TOP, width: g.right - LABEL, height: g.ay - g.TOP, fill: '#ffffff', opacity: 0.7, 'pointer-events': 'none' }, svg);
      const i = laneOf(w.node);
      el('rect', { x: g.clipX(w.start), y: g.laneTop(i) + 1, width: Math.max(2, g.clipX(w.end) - g.clipX(w.start)), height: LANE - 2, fill: 'none', stroke: '#b3261e', 'stroke-width': 2, 'data-kind': 'cause' }, svg);
      g.layout.causes = [];
      for (const [what, t, node, flight, fault] of w.causes) {
        let text = what, lane = laneOf(node);
        if (flight >= 0) {
          const [id, from, to, kind, sent, at] = D.flights[flight];
          const y1 = g.laneTop(laneOf(from)) + LANE - 12, y2 = g.laneTop(laneOf(to)) + LANE - 12;
          el('line', { x1: g.x(sent), y1: y1, x2: g.x(at), y2: y2, stroke: '#1f5fbf', 'stroke-width': 2.5, 'marker-end': 'url(#arrow' + box.id + ')', 'data-kind': 'cause' }, svg);
          text += ': ' + kind + ', ' + len(at - sent) + ' in flight';
          lane = laneOf(to);
        } else if (fault >= 0) {
          const [fnode, desc, start, end] = D.faults[fault];
          el('rect', { x: g.clipX(start), y: g.laneTop(laneOf(fnode)) + OFF + 1, width: Math.max(2, g.clipX(end) - g.clipX(start)), height: LANE0 - 2, fill: '#f2a93b', opacity: 0.5, stroke: '#d35400', 'stroke-width': 2, 'data-kind': 'cause' }, svg);
          text += ': ' + desc;
          lane = laneOf(fnode);
        } else {
          el('circle', { cx: g.x(t), cy: g.laneTop(lane) + OFF + 10, r: 5, fill: '#1f5fbf', 'data-kind': 'cause' }, svg);
        }
        g.layout.causes.push(what);
        g.later.push([0, () => g.labels.put(text, g.x(t) + 4, g.laneRows(lane), { size: 11, weight: 700, color: '#1f5fbf', bg: '#ffffff', tip: text + '\n' + fmt(t) })]);
      }
    }

    // To [t0, t1] with a margin; `k`: the window (by index) whose causes to show.
    function zoomTo(t0, t1, k) {
      if (k !== undefined) focus = windows[k] || null;
      // The causal view takes in what led to the window, back to the earliest of it.
      if (focus && k !== undefined) for (const c of focus.causes) t0 = Math.min(t0, c[3] >= 0 ? D.flights[c[3]][4] : c[4] >= 0 ? D.faults[c[4]][2] : c[1]);
      const span = Math.max(1000, t1 - t0), pad = span * 0.25;
      view = { t0: Math.max(0, t0 - pad), t1: Math.min(D.duration, t1 + pad) };
      if (view.t1 - view.t0 < 1000) view.t1 = view.t0 + 1000;
      draw();
    }
    function zoomAround(t, factor) {
      const a = t - (t - view.t0) * factor, b = t + (view.t1 - t) * factor;
      view = { t0: Math.max(0, a), t1: Math.min(D.duration, Math.max(b, Math.max(0, a) + 1000)) };
      draw();
    }
    controls.addEventListener('click', (e) => {
      const z = e.target.dataset && e.target.dataset.z;
      const mid = (view.t0 + view.t1) / 2;
      if (z === 'in') zoomAround(mid, 0.5);
      if (z === 'out') zoomAround(mid, 2);
      if (z === 'fit') { view = { t0: 0, t1: Math.max(1, D.duration) }; draw(); }
    });
    controls.addEventListener('change', (e) => {
      const f = e.target.dataset && e.target.dataset.f;
      if (f === 'node') filter.node = +e.target.value;
      if (f === 'kind') filter.kind = e.target.value;
      if (f === 'faults') filter.faults = e.target.checked;
      draw();
    });
    const tAt = (clientX) => {
      const r = svg.getBoundingClientRect(), plot = r.width - LABEL - 16;
      return view.t0 + ((clientX - r.left - LABEL) / plot) * (view.t1 - view.t0);
    };
    svg.addEventListener('wheel', (e) => { e.preventDefault(); zoomAround(tAt(e.clientX), e.deltaY < 0 ? 0.8 : 1.25); }, { passive: false });
    let drag = null;
    svg.addEventListener('mousedown', (e) => { drag = { x: e.clientX, t0: view.t0, t1: view.t1 }; svg.style.cursor = 'grabbing'; });
    window.addEventListener('mouseup', () => { drag = null; svg.style.cursor = ''; });
    svg.addEventListener('mousemove', (e) => {
      if (drag) {
        const r = svg.getBoundingClientRect(), per = (drag.t1 - drag.t0) / (r.width - LABEL - 16);
        let shift = (drag.x - e.clientX) * per;
        shift = Math.max(-drag.t0, Math.min(D.duration - drag.t1, shift));
        view = { t0: drag.t0 + shift, t1: drag.t1 + shift };
        draw();
        return;
      }
      const tipText = e.target && e.target.dataset && e.target.dataset.tip;
      if (tipText) { tip.textContent = tipText; tip.style.display = 'block'; tip.style.left = (e.clientX + 14) + 'px'; tip.style.top = (e.clientY + 14) + 'px'; }
      else tip.style.display = 'none';
    });
    svg.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
    window.addEventListener('resize', draw);
    draw();
    return { zoomTo: zoomTo };
  }

  const mounted = {};
  function mountById(id) {
    if (mounted[id]) return mounted[id];
    const box = document.getElementById('timeline-' + id), data = JSON.parse(document.getElementById('data-' + id).textContent);
    mounted[id] = mount(box, data, data.windows);
    return mounted[id];
  }
  window.leasesimZoom = function (id, t0, t1, k) {
    const d = document.getElementById('scenario-' + id);
    if (d && d.tagName === 'DETAILS' && !d.open) d.open = true;
    mountById(id).zoomTo(t0, t1, k);
    document.getElementById('timeline-' + id).scrollIntoView({ block: 'nearest' });
  };
  // A link to #scenario-N (from another page, or a bookmark) opens that scenario.
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.tagName === 'DETAILS') target.open = true;
  for (const box of document.querySelectorAll('.timeline')) {
    const id = box.dataset.id, d = document.getElementById('scenario-' + id);
    if (d && d.tagName === 'DETAILS') {
      d.addEventListener('toggle', () => { if (d.open) mountById(id); });
      if (d.open) mountById(id);
    } else {
      mountById(id);
    }
  }
  // A link to #window-N-K shows scenario N's window K and what led to it.
  const focused = /^#window-(\d+)-(\d+)$/.exec(location.hash);
  if (focused && document.getElementById('data-' + focused[1])) {
    const w = JSON.parse(document.getElementById('data-' + focused[1]).textContent).windows[+focused[2]];
    if (w) window.leasesimZoom(focused[1], w.start, w.end, +focused[2]);
  }
  // A link to #at-N-T0-T1 shows scenario N from T0 to T1 (nanoseconds of virtual time).
  const at = /^#at-(\d+)-(\d+)-(\d+)$/.exec(location.hash);
  if (at && document.getElementById('data-' + at[1])) window.leasesimZoom(at[1], +at[2], +at[3]);
  document.documentElement.setAttribute('data-ready', '1');
})();
)JS";

}  // namespace leasesim::reports
