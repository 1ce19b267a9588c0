// Merge and split: two events that are one become one (the other picked by its id, or from
// the events near it in place and time), and a fused event goes back into its articles
// (the checked ones, or all of them).

import {api} from "./api.js";
import {fill, h} from "./dom.js";
import {code, num, t} from "./i18n.js";
import {placeNodes} from "./places.js";
import {statusBadge} from "./audit.js";

const NEAR_KM = 60;
const NEAR_DAYS = 7;

function km(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(x));
}

function days(a, b) {
  if (!a || !b) return Infinity;
  return Math.abs(Date.parse(a) - Date.parse(b)) / 86400000;
}

function shiftDay(day, n) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const hasPoint = (loc) => loc?.lat != null && loc?.lon != null;

/** Events that may be the same as `event`: near it in place and time, from the store and the
 *  queue, the same type first, then the nearest. */
export async function nearbyEvents(event, queue, {signal} = {}) {
  const loc = event.location;
  const filters = {};
  if (event.event_date) {
    filters.date_from = shiftDay(event.event_date, -NEAR_DAYS);
    filters.date_to = shiftDay(event.event_date, NEAR_DAYS);
  }
  if (hasPoint(loc)) filters.bbox = [loc.lon - 0.6, loc.lat - 0.6, loc.lon + 0.6, loc.lat + 0.6].map((x) => x.toFixed(4)).join(",");
  const found = new Map();
  if (Object.keys(filters).length) {
    const page = await api.events(filters, {sort: "-date", limit: 50}, {signal});
    for (const e of page.events) found.set(e.id, e);
  }
  for (const e of queue) {
    if (found.has(e.id)) continue;
    const close = hasPoint(loc) && hasPoint(e.location) ? km(loc, e.location) <= NEAR_KM : true;
    if (close && days(e.event_date, event.event_date) <= NEAR_DAYS) found.set(e.id, e);
  }
  found.delete(event.id);
  const queued = new Set(queue.map((e) => e.id));
  return [...found.values()].map((e) => ({event: e, queued: queued.has(e.id),
    km: hasPoint(loc) && hasPoint(e.location) ? km(loc, e.location) : null, days: days(e.event_date, event.event_date)}))
    .sort((a, b) => (b.event.event_type === event.event_type) - (a.event.event_type === event.event_type)
      || (a.km ?? 1e9) - (b.km ?? 1e9) || a.days - b.days)
    .slice(0, 12);
}

export class MergePanel {
  /** onMerge(otherId) and onSplit(docIds or null for all) do the writes. */
  constructor(event, {queue, onMerge, onSplit}) {
    this.event = event;
    this.queue = queue;
    this.onMerge = onMerge;
    this.onSplit = onSplit;
    this.other = h("input", {type: "text", name: "merge_with", class: "merge-with mono", dir: "ltr", spellcheck: "false",
      placeholder: "RSD-…", "aria-label": t("merge_with")});
    this.other.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); this.merge(); } });
    this.candidates = h("ul", {class: "merge-candidates"}, h("li", {class: "muted"}, t("loading")));
    this.el = h("section", {class: "panel merge-panel", "data-event-id": event.id},
      h("h3", null, t("merge_title")),
      h("p", {class: "muted small"}, t("merge_hint")),
      h("div", {class: "merge-row"}, h("label", null, h("span", null, `${t("merge_with")} `), this.other),
        h("button", {type: "button", class: "merge-button", "data-action": "merge", onclick: () => this.merge()}, t("merge"))),
      h("h4", null, t("merge_nearby")),
      this.candidates,
      this.splitSection());
    this.load();
  }

  async load() {
    let near;
    try {
      near = await nearbyEvents(this.event, this.queue);
    } catch (err) {
      fill(this.candidates, h("li", {class: "error"}, t("error", {message: err.message})));
      return;
    }
    fill(this.candidates, ...(near.length ? near.map((c) => this.candidate(c))
      : [h("li", {class: "muted"}, t("merge_none_nearby"))]));
  }

  candidate({event: e, queued, km: distance, days: apart}) {
    const facts = [distance != null ? t("distance_km", {km: num(Math.round(distance))}) : null,
      Number.isFinite(apart) ? t("days_apart", {n: num(Math.round(apart))}) : null,
      t("n_sources", {n: num(e.n_sources ?? e.sources?.length ?? 0)})].filter(Boolean).join(" · ");
    return h("li", {class: "merge-candidate", "data-event-id": e.id},
      h("button", {type: "button", class: "pick-candidate", "data-event-id": e.id,
        onclick: () => { this.other.value = e.id; this.other.focus(); }}, t("merge_pick")), " ",
      h("a", {class: "mono", href: `#/review/${encodeURIComponent(e.id)}`}, e.id), " ", statusBadge(e.review),
      queued ? h("span", {class: "badge in-queue"}, t("in_queue")) : null, h("br"),
      h("small", null, e.event_date || t("none"), " · ", code(e.sub_event_type), " · ", placeNodes(e.location), " · ", facts));
  }

  merge() {
    const other = this.other.value.trim();
    if (!other || other === this.event.id) {
      this.other.focus();
      return;
    }
    this.onMerge(other);
  }

  splitSection() {
    const sources = this.event.sources || [];
    if (sources.length < 2) return h("p", {class: "muted small split-none"}, t("split_one_source"));
    const boxes = sources.map((s) => h("input", {type: "checkbox", name: "split_doc", value: s.doc_id}));
    return h("div", {class: "split"},
      h("h4", null, t("split_title")),
      h("ul", {class: "split-sources"}, sources.map((s, i) => h("li", null, h("label", null, boxes[i], " ",
        h("span", {class: "mono"}, s.doc_id), " ", h("bdi", {lang: "ar", dir: "auto"}, s.title || ""))))),
      h("div", {class: "split-buttons"},
        h("button", {type: "button", class: "split-checked", "data-action": "split",
          onclick: () => {
            const docs = boxes.filter((b) => b.checked).map((b) => b.value);
            if (docs.length) this.onSplit(docs);
          }}, t("split_checked")),
        h("button", {type: "button", class: "split-all", onclick: () => this.onSplit(null)}, t("split_all"))));
  }

  focus() {
    this.el.scrollIntoView({block: "nearest"});
    this.other.focus();
  }
}
