// The events table: sortable by date, fatalities and last update (the API's sorts),
// paged with the API's cursors (a stack of them, so Previous works too).

import {h} from "./dom.js";
import {bilingual, code, num, t} from "./i18n.js";
import {swatch} from "./colors.js";
import {adminNames, placeLine, placeNodes} from "./places.js";
import {statusBadge} from "./audit.js";

const COLUMNS = [
  {key: "id", label: "col_id"},
  {key: "date", label: "col_date", sort: "date"},
  {key: "type", label: "col_type"},
  {key: "actors", label: "col_actors"},
  {key: "location", label: "col_location"},
  {key: "fatalities", label: "col_fatalities", sort: "fatalities", numeric: true},
  {key: "sources", label: "col_sources", numeric: true},
  {key: "updated", label: "col_updated", sort: "updated"},
];

export function actorNames(actors) {
  return (actors || []).map((a) => bilingual(a.name, a.name_ar) || "?");
}

/** Items joined by a separator, each in its own <bdi> so Arabic and Latin names keep their order. */
function isolated(items, separator) {
  return items.map((item, i) => [i ? separator : null, h("bdi", null, item)]);
}

/** The location cell: place, admin1 and country, each distinct name once; the title holds
 *  every admin level (the cell shows admin1 only) and the cell wraps rather than cuts. */
export function locationCell(loc) {
  const nodes = placeNodes(loc);
  if (!nodes.length) return h("td", null, t("none"));
  const title = [placeLine(loc).join(" · "), adminNames(loc).join(" › ")];
  return h("td", {class: "place-cell", title: title.filter(Boolean).join(" — ")}, nodes);
}

export class EventTable {
  /** el: a container; onSort(sort); onPage(direction: +1 | -1); onOpen(id). */
  constructor(el, {onSort, onPage, onPageSize, onOpen}) {
    this.el = el;
    this.onSort = onSort;
    this.onPage = onPage;
    this.onPageSize = onPageSize;
    this.onOpen = onOpen;
  }

  render({events, sort, page, limit, total, hasNext}) {
    const head = h("tr", null, COLUMNS.map((col) => {
      if (!col.sort) return h("th", {scope: "col", class: col.numeric ? "num" : null}, t(col.label));
      const active = sort.replace("-", "") === col.sort;
      const descending = sort.startsWith("-");
      const next = active && descending ? col.sort : `-${col.sort}`;
      return h("th", {scope: "col", class: col.numeric ? "num" : null,
        "aria-sort": active ? (descending ? "descending" : "ascending") : "none"},
      h("button", {type: "button", class: "sort", "data-sort": col.sort, title: t("sort_by", {col: t(col.label)}),
        onclick: () => this.onSort(next)}, t(col.label), h("span", {class: "sort-mark", "aria-hidden": "true"},
        active ? (descending ? " ▼" : " ▲") : " ↕")));
    }));
    const rows = events.map((e) => {
      const open = () => this.onOpen(e.id || e.event_id);
      const actors = actorNames(e.actors);
      return h("tr", {class: "ev-row", tabindex: 0, "data-event-id": e.id || e.event_id, "data-type": e.event_type,
        "data-review": e.review?.status || "machine",
        onclick: (ev) => { if (!ev.target.closest("a")) open(); },
        onkeydown: (ev) => { if (ev.key === "Enter") open(); }},
      h("td", {class: "nowrap id-cell"}, h("a", {href: `#/event/${encodeURIComponent(e.id || e.event_id)}`, class: "mono"}, e.id || e.event_id),
        h("br"), statusBadge(e.review)),
      h("td", {class: "nowrap"}, e.event_date || t("none")),
      h("td", {class: "type-cell"}, swatch(e.event_type), h("span", {class: "ev-type"}, code(e.event_type)),
        h("br"), h("small", null, code(e.sub_event_type))),
      h("td", {class: "actors-cell"}, actors.length ? isolated(actors, "; ") : t("none")),
      locationCell(e.location),
      h("td", {class: "num"}, num(e.fatalities ?? 0)),
      h("td", {class: "num"}, num(e.n_sources ?? (e.sources || []).length)),
      h("td", {class: "nowrap"}, h("span", {dir: "ltr"}, (e.updated_at || "").slice(0, 16).replace("T", " "))));
    });
    const from = events.length ? (page - 1) * limit + 1 : 0;
    const to = (page - 1) * limit + events.length;
    const sizes = [25, 50, 100, 250];
    const pager = h("div", {class: "pager"},
      h("button", {type: "button", class: "prev", disabled: page <= 1, onclick: () => this.onPage(-1)}, t("prev")),
      h("span", {class: "page-info"}, t("page_info", {page: num(page), from: num(from), to: num(to),
        total: total == null ? "?" : num(total)})),
      h("button", {type: "button", class: "next", disabled: !hasNext, onclick: () => this.onPage(+1)}, t("next")),
      h("label", {class: "page-size"}, t("page_size"), " ",
        h("select", {onchange: (ev) => this.onPageSize(Number(ev.target.value))},
          sizes.map((n) => h("option", {value: n, selected: n === limit}, num(n))))));
    this.el.replaceChildren(
      h("div", {class: "table-wrap"}, h("table", {class: "events"}, h("thead", null, head),
        h("tbody", null, rows.length ? rows : h("tr", null, h("td", {colspan: COLUMNS.length, class: "empty"}, t("no_events")))))),
      pager);
  }
}
