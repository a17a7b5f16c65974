// The style and script embedded in every HTML report: the page needs no network.
//
// The script draws each timeline from the trace embedded as JSON: a swimlane per node; on a
// holder's lane the interval its grantor granted (top bar) and the interval the node believed
// (bottom bar); message arrows from send to arrival (lost ones dashed and crossed); fault bands;
// violation windows shaded with their length. The wheel zooms around the cursor, dragging pans,
// and every mark shows its event when hovered. What it draws comes derived (reports/intervals):
// the script only places it.
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
  const LANE = 52, BAR = 7, LABEL = 130, TOP = 30, AXIS = 26, MAX_ARROWS = 4000;
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
  function el(name, attrs, parent) {
    const e = document.createElementNS(SVGNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // Lanes, and the events shown as hoverable marks (everything drawn otherwise is left out).
  function model(D) {
    const m = { lanes: D.nodes.slice(), marks: [], hasNet: D.faults.some((f) => f[0] === null) };
    for (const ev of D.events) if (UNMARKED.indexOf(D.kinds[ev[1]]) < 0) m.marks.push(ev);
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

  function mount(box, D, windows) {
    const m = model(D);
    const lanes = (m.hasNet ? ['network'] : []).concat(m.lanes);
    const laneOf = (n) => (n === null ? 0 : n + (m.hasNet ? 1 : 0));
    const height = TOP + lanes.length * LANE + AXIS;
    let view = { t0: 0, t1: Math.max(1, D.duration) };
    const controls = document.createElement('div');
    controls.className = 'controls';
    controls.innerHTML = '<button data-z="in">zoom in</button><button data-z="out">zoom out</button><button data-z="fit">whole run</button>' +
      '<span class="span"></span> &middot; wheel to zoom, drag to move, hover for details' + (D.truncated ? ' &middot; <span class="note">trace cut: the run had more events than a page holds</span>' : '');
    box.appendChild(controls);
    const svg = el('svg', { height: height, role: 'img' }, box);
    const tip = document.createElement('div');
    tip.className = 'tip';
    document.body.appendChild(tip);

    function draw() {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const width = Math.max(400, box.clientWidth || 1000), plot = width - LABEL - 16;
      svg.setAttribute('width', width);
      svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
      const x = (t) => LABEL + ((t - view.t0) / (view.t1 - view.t0)) * plot;
      const clipX = (t) => Math.max(LABEL, Math.min(LABEL + plot, x(t)));
      const visible = (a, b) => b >= view.t0 && a <= view.t1;
      controls.querySelector('.span').textContent = ' ' + fmt(Math.round(view.t0)) + ' to ' + fmt(Math.round(view.t1));
      const defs = el('defs', {}, svg);
      const mk = el('marker', { id: 'arrow' + box.id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' }, defs);
      el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8a93a6' }, mk);
      // legend
      const legend = [['#3d9a50', 'granted by its grantor'], ['#3a6fd8', 'believed by the node']]
        .concat(D.locks.length ? [['#8e44ad', 'holds the lock']] : []).concat([['#e0523f', 'violation window'], ['#f2a93b', 'fault']]);
      legend.forEach(([c, txt], i) => { el('rect', { x: LABEL + i * 190, y: 8, width: 14, height: 10, fill: c, opacity: 0.8 }, svg); el('text', { x: LABEL + i * 190 + 20, y: 17, 'font-size': 12, fill: '#333' }, svg).textContent = txt; });
      lanes.forEach((name, i) => {
        const y = TOP + i * LANE;
        el('rect', { x: 0, y: y, width: width, height: LANE, fill: i % 2 ? '#f7f8fa' : '#ffffff' }, svg);
        el('text', { x: 8, y: y + LANE / 2 + 4, 'font-size': 13, 'font-weight': 600, fill: '#1d2330' }, svg).textContent = name;
      });
      // faults
      for (const [node, desc, start, end] of D.faults) {
        if (!visible(start, end)) continue;
        const y = TOP + laneOf(node) * LANE;
        const w = Math.max(1.5, clipX(end) - clipX(start));
        const r = el('rect', { x: clipX(start), y: y + 1, width: w, height: LANE - 2, fill: '#f2a93b', opacity: 0.22, 'data-kind': 'fault' }, svg);
        r.dataset.tip = 'fault: ' + desc + '\n' + fmt(start) + ' to ' + fmt(end);
        if (w > 60) el('text', { x: clipX(start) + 3, y: y + 12, 'font-size': 10, fill: '#8a5a00' }, svg).textContent = desc.length > w / 6 ? desc.slice(0, Math.floor(w / 6)) + '\u2026' : desc;
      }
      // violation windows; overlapping ones on a lane stack their labels
      const labelled = {};
      for (const w of windows) {
        if (!visible(w.start, w.end)) continue;
        const y = TOP + laneOf(w.node) * LANE;
        const row = labelled[w.node] = (labelled[w.node] === undefined ? 0 : labelled[w.node] + 1);
        const r = el('rect', { x: clipX(w.start), y: y + 1, width: Math.max(2, clipX(w.end) - clipX(w.start)), height: LANE - 2, fill: w.report ? '#f2c12e' : '#e0523f', opacity: 0.3, stroke: w.report ? '#b08a00' : '#b3261e', 'data-kind': 'violation' }, svg);
        r.dataset.tip = w.checker + (w.report ? ' report' : ' violation') + (w.other !== null ? ' with ' + D.nodes[w.other] : '') + '\n' + fmt(w.start) + ' to ' + fmt(w.end) + '  (' + len(w.end - w.start) + ')' + (w.paused ? '\npaused ' + len(w.paused) : '');
        const label = el('text', { x: clipX(w.start) + 3, y: y + LANE - 4 - row * 13, 'font-size': 12, 'font-weight': 700, fill: '#b3261e' }, svg);
        label.textContent = len(w.end - w.start) + (windows.filter((v) => v.node === w.node).length > 1 ? ' ' + w.checker : '');
      }
      // grants and beliefs
      const bars = (list, dy, color, what) => {
        for (const [node, epoch, start, end] of list) {
          if (!visible(start, end)) continue;
          const y = TOP + laneOf(node) * LANE + dy;
          const r = el('rect', { x: clipX(start), y: y, width: Math.max(1.5, clipX(end) - clipX(start)), height: BAR, fill: color, rx: 2, 'data-kind': what }, svg);
          r.dataset.tip = (what === 'granted' ? 'granted, epoch ' : what === 'lock' ? 'holds the lock, session ' : 'believed, epoch ') + epoch + '\n' + fmt(start) + ' to ' + fmt(end);
        }
      };
      bars(D.grants, 7, '#3d9a50', 'granted');
      bars(D.beliefs, 7 + BAR + 2, '#3a6fd8', 'believed');
      bars(D.locks, 7 + 2 * (BAR + 2), '#8e44ad', 'lock');
      // messages
      let drawn = 0;
      for (const [id, from, to, kind, sent, at, lost, why] of D.flights) {
        if (!visible(sent, at) || drawn >= MAX_ARROWS) continue;
        drawn++;
        const y1 = TOP + laneOf(from) * LANE + LANE - 12, y2 = TOP + laneOf(to) * LANE + LANE - 12;
        const yEnd = lost ? y1 + (y2 - y1) * 0.5 : y2;
        const line = el('line', { x1: x(sent), y1: y1, x2: x(at), y2: yEnd, stroke: lost ? '#c0392b' : '#8a93a6', 'stroke-width': 1, 'stroke-dasharray': lost ? '4 3' : '', 'marker-end': lost ? '' : 'url(#arrow' + box.id + ')', 'data-kind': lost ? 'lost' : 'message' }, svg);
        line.dataset.tip = kind + ' #' + id + '  ' + D.nodes[from] + ' -> ' + D.nodes[to] + '\nsent ' + fmt(sent) + (lost ? '\nlost ' + fmt(at) + ': ' + why : '\narrived ' + fmt(at));
        if (lost) el('text', { x: x(at) - 4, y: yEnd + 4, 'font-size': 12, fill: '#c0392b' }, svg).textContent = '\u2715';
      }
      // event marks
      for (const ev of m.marks) {
        const t = ev[0];
        if (t < view.t0 || t > view.t1) continue;
        const y = TOP + laneOf(ev[2]) * LANE + LANE - 5;
        const c = el('circle', { cx: x(t), cy: y, r: 2.6, fill: '#555d6e', 'data-kind': 'event' }, svg);
        c.dataset.tip = describe(D, ev);
      }
      // axis
      const ay = TOP + lanes.length * LANE;
      el('line', { x1: LABEL, y1: ay, x2: LABEL + plot, y2: ay, stroke: '#9aa2b1' }, svg);
      for (const t of ticks(view.t0, view.t1, plot)) {
        el('line', { x1: x(t), y1: TOP, x2: x(t), y2: ay + 4, stroke: '#e6e9ef' }, svg);
        el('text', { x: x(t), y: ay + 17, 'font-size': 11, 'text-anchor': 'middle', fill: '#5a6272' }, svg).textContent = fmt(t);
      }
    }

    function zoomTo(t0, t1) {
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
  window.leasesimZoom = function (id, t0, t1) {
    const d = document.getElementById('scenario-' + id);
    if (d && d.tagName === 'DETAILS' && !d.open) d.open = true;
    mountById(id).zoomTo(t0, t1);
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
  document.documentElement.setAttribute('data-ready', '1');
})();
)JS";

}  // namespace leasesim::reports
