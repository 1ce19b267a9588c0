// The timeline: events (or fatalities) per day, week or month, stacked by event type, drawn
// as SVG from /api/stats by_day. Time runs left to right in both languages; clicking a bar
// filters to its dates.

import {h, s} from "./dom.js";
import {code, num, t} from "./i18n.js";
import {typeColor} from "./colors.js";
import {TAXONOMY} from "./i18n.js";

const DAY = 86400000;
const TYPE_ORDER = TAXONOMY.map(([type]) => type);

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const parse = (day) => Date.parse(`${day}T00:00:00Z`);

/** Bins covering [first, last]: [{start, end (inclusive), label}] per day, week or month. */
export function makeBins(first, last) {
  const days = Math.round((last - first) / DAY) + 1;
  const bins = [];
  if (days <= 92) {
    for (let d = first; d <= last; d += DAY) bins.push({start: d, end: d, label: iso(d)});
    return {unit: "day", bins};
  }
  if (days <= 730) {
    const monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY;
    for (let d = monday; d <= last; d += 7 * DAY) bins.push({start: d, end: d + 6 * DAY, label: iso(d)});
    return {unit: "week", bins};
  }
  const f = new Date(first);
  for (let y = f.getUTCFullYear(), m = f.getUTCMonth(); Date.UTC(y, m, 1) <= last; m++) {
    const start = Date.UTC(y, m, 1);
    bins.push({start, end: Date.UTC(y, m + 1, 1) - DAY, label: iso(start).slice(0, 7)});
  }
  return {unit: "month", bins};
}

function niceMax(v) {
  if (v <= 5) return Math.max(1, Math.ceil(v));
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * Draw into `container`. byDay: [{day, event_type, events, fatalities}]; metric: "events" or
 * "fatalities"; onPick(dateFrom, dateTo) when a bar is clicked. Returns {unit, undated}.
 */
export function drawTimeline(container, byDay, {metric = "events", onPick} = {}) {
  const width = Math.max(320, container.clientWidth || 800);
  const height = 170;
  const m = {top: 10, right: 10, bottom: 24, left: 42};
  const dated = byDay.filter((r) => r.day);
  const undated = byDay.filter((r) => !r.day).reduce((n, r) => n + (r.events || 0), 0);
  const svg = s("svg", {class: "timeline-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    direction: "ltr", "aria-label": t("timeline")});
  if (!dated.length) {
    // An empty chart looks like a failure to load: say why there are no bars.
    container.replaceChildren(h("p", {class: "empty-note", role: "status", dir: "auto"}, undated ? t("no_dated_events") : t("no_events")));
    return {unit: null, undated, bins: 0};
  }
  const times = dated.map((r) => parse(r.day));
  const {unit, bins} = makeBins(Math.min(...times), Math.max(...times));
  const totals = bins.map(() => new Map());
  let bi = 0;
  const sortedRows = [...dated].sort((a, b) => a.day.localeCompare(b.day));
  for (const r of sortedRows) {
    const d = parse(r.day);
    while (bi < bins.length - 1 && d > bins[bi].end) bi++;
    const value = (metric === "fatalities" ? r.fatalities : r.events) || 0;
    totals[bi].set(r.event_type, (totals[bi].get(r.event_type) || 0) + value);
  }
  const binSums = totals.map((mp) => [...mp.values()].reduce((a, b) => a + b, 0));
  const max = niceMax(Math.max(1, ...binSums));
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const bw = plotW / bins.length;
  const y = (v) => m.top + plotH - (v / max) * plotH;

  // y grid and labels
  for (const v of [0, max / 2, max]) {
    svg.append(s("line", {class: "tl-grid", x1: m.left, x2: width - m.right, y1: y(v), y2: y(v)}));
    svg.append(s("text", {class: "tl-axis", x: m.left - 6, y: y(v) + 4, "text-anchor": "end"}, num(Math.round(v))));
  }
  // bars
  bins.forEach((bin, i) => {
    const x = m.left + i * bw;
    const g = s("g", {class: "tl-bin"});
    const range = bin.start === bin.end ? bin.label : `${iso(bin.start)} – ${iso(bin.end)}`;
    const lines = [`${range}: ${num(binSums[i])} ${t(metric)}`];
    let acc = 0;
    const types = [...totals[i].keys()].sort((a, b) => rank(a) - rank(b));
    for (const type of types) {
      const v = totals[i].get(type);
      if (!v) continue;
      const rect = s("rect", {class: "tl-bar", x: x + Math.min(1, bw * 0.1), width: Math.max(1, bw - Math.min(2, bw * 0.2)),
        y: y(acc + v), height: Math.max(0.5, y(acc) - y(acc + v)), fill: typeColor(type), "data-type": type});
      g.append(rect);
      lines.push(`${code(type)}: ${num(v)}`);
      acc += v;
    }
    const hit = s("rect", {class: "tl-hit", x, y: m.top, width: bw, height: plotH, tabindex: binSums[i] ? 0 : null,
      role: binSums[i] ? "button" : null, "aria-label": lines.join("; ")});
    hit.append(s("title", null, `${lines.join("\n")}\n${t("timeline_click")}`));
    if (onPick && binSums[i]) {
      const pick = () => onPick(iso(bin.start), iso(bin.end));
      hit.addEventListener("click", pick);
      hit.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
    }
    g.append(hit);
    svg.append(g);
  });
  // x labels: about one per 90 px
  const every = Math.max(1, Math.ceil(bins.length / Math.max(1, Math.floor(plotW / 90))));
  svg.append(s("line", {class: "tl-axis-line", x1: m.left, x2: width - m.right, y1: y(0), y2: y(0)}));
  bins.forEach((bin, i) => {
    if (i % every) return;
    const x = m.left + i * bw + bw / 2;
    svg.append(s("line", {class: "tl-tick", x1: x, x2: x, y1: y(0), y2: y(0) + 4}));
    svg.append(s("text", {class: "tl-axis", x, y: height - 6, "text-anchor": "middle"}, bin.label));
  });
  container.replaceChildren(svg);
  return {unit, undated, bins: bins.length};
}

function rank(type) {
  const i = TYPE_ORDER.indexOf(type);
  return i < 0 ? TYPE_ORDER.length : i;
}
