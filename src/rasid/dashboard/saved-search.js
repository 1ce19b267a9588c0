// A saved search (an alert's `search`: GET /api/events parameters) made from the dashboard's
// filters, and said in words in the interface language, for the follow form and the alerts page.

import {FILTER_KEYS, params} from "./api.js";
import {h} from "./dom.js";
import {code, countryName, num, t} from "./i18n.js";

// Each of the dashboard's filters (api.js FILTER_KEYS) -> the saved search's parameter it sets.
// null: not part of a saved search. The dates are left out: an alert follows the events that
// appear or change from now on, whatever day they happened.
export const SEARCH_PARAM = {
  date_from: null, date_to: null, type: "type", sub_type: "sub_type", country: "country", admin1: "admin1",
  actor: "actor", min_fatalities: "min_fatalities", q: "q", bbox: "bbox",
};
// The order a search is said in; near, review and flagged are set from the CLI or the API only.
const ORDER = ["type", "sub_type", "country", "admin1", "near", "bbox", "actor", "min_fatalities", "q", "review", "flagged"];
const REVIEW_LABELS = {machine: "status_machine", confirmed: "status_confirmed", corrected: "status_corrected",
  rejected: "status_rejected", reviewed: "search_reviewed", not_rejected: "search_not_rejected"};

/** The saved search the dashboard's filters make, and the filters it leaves out ({key: value}). */
export function searchFromFilters(filters) {
  const search = {};
  const left = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value == null || String(value).trim() === "") continue;
    const param = SEARCH_PARAM[key];
    if (!param) {
      left[key] = String(value).trim();
      continue;
    }
    search[param] = param === "min_fatalities" ? Number(value) : String(value).trim();
  }
  return {search, left};
}

/** The dashboard view of a saved search (#/?…), or null when it holds what the dashboard
 *  cannot filter by (near, review, flagged). */
export function dashboardHref(search) {
  const filters = {};
  for (const [param, value] of Object.entries(search || {})) {
    const key = Object.keys(SEARCH_PARAM).find((k) => SEARCH_PARAM[k] === param);
    if (!key) return null;
    filters[key] = value;
  }
  const qs = params(filters).toString();
  return qs ? `#/?${qs}` : "#/";
}

function countryText(value) {
  // an ISO code reads as its name; a name is kept as typed (the API resolves it)
  return /^[A-Za-z]{2}$/.test(value) ? `${countryName(value)} (${value.toUpperCase()})` : String(value);
}

function near(value) {
  const [lat, lon, km] = String(value).split(",").map((x) => x.trim());
  return t("search_near", {km, lat, lon});
}

/** The parameters of a search that are set, in order: [{param, label, text, summary, ltr}].
 *  `text` is the value as the read-only list shows it, `summary` as a name or a line reads it. */
export function searchParts(search) {
  const set = Object.entries(search || {}).filter(([, v]) => v != null && v !== "");
  set.sort(([a], [b]) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  return set.map(([param, value]) => {
    const v = String(value);
    switch (param) {
      case "type": return {param, label: t("event_type"), text: code(v), summary: code(v)};
      case "sub_type": return {param, label: t("sub_event_type"), text: code(v), summary: code(v)};
      case "country": return {param, label: t("country"), text: countryText(v), summary: countryText(v)};
      case "admin1": return {param, label: t("admin1"), text: v, summary: v};
      case "actor": return {param, label: t("actor"), text: v, summary: t("search_actor", {name: v})};
      case "min_fatalities":
        return {param, label: t("min_fatalities"), text: num(Number(v)), summary: t("search_min_fatalities", {n: num(Number(v))})};
      case "q": return {param, label: t("q"), text: `«${v}»`, summary: `«${v}»`};
      case "bbox": return {param, label: t("bbox"), text: v, summary: t("search_bbox", {bbox: v}), ltr: true};
      case "near": return {param, label: t("search_near_label"), text: near(v), summary: near(v)};
      case "review": {
        const text = REVIEW_LABELS[v] ? t(REVIEW_LABELS[v]) : v;
        return {param, label: t("field_review_status"), text, summary: t("search_review", {status: text})};
      }
      case "flagged": {
        const yes = value === true || /^(1|true|yes)$/i.test(v);
        const text = t(yes ? "search_flagged" : "search_not_flagged");
        return {param, label: t("search_flagged_label"), text, summary: text};
      }
      default: return {param, label: param, text: v, summary: `${param} ${v}`};
    }
  });
}

/** A search in one line of words ("Battles · Syria (SY) · 10 or more killed"), for a default name. */
export function searchSummary(search) {
  const parts = searchParts(search);
  return parts.length ? parts.map((p) => p.summary).join(" · ") : t("search_everything");
}

/** A search as a definition list (label: value), each value isolated so names keep their order. */
export function searchList(search) {
  const parts = searchParts(search);
  if (!parts.length) return h("p", {class: "search-empty"}, t("search_everything"));
  return h("dl", {class: "search-list"}, parts.map((p) => h("div", {"data-param": p.param},
    h("dt", null, p.label), h("dd", null, h("bdi", p.ltr ? {dir: "ltr", class: "mono"} : null, p.text)))));
}

/** A search in words as inline text: "Battles · Syria (SY) · …", each part isolated. */
export function searchLine(search) {
  const parts = searchParts(search);
  if (!parts.length) return h("span", {class: "search-line"}, t("search_everything"));
  return h("span", {class: "search-line"}, parts.map((p, i) => [i ? " · " : null,
    h("bdi", p.ltr ? {dir: "ltr", "data-param": p.param} : {"data-param": p.param}, p.summary)]));
}
