// rasid's dashboard: filters, map, timeline and table over /api, and event pages.
// Routes live in the hash: #/?type=Battles&sort=-date (the dashboard, filters in the URL so a
// view can be shared), #/event/RSD-…?doc=… (an event with one source article shown) and
// #/review or #/review/RSD-… (the review queue, an event open in it) and #/alerts (the searches
// the logged-in key follows; "Follow this search" on the dashboard makes one).

import {api, EXPORT_FORMATS, FILTER_KEYS, params, SORTS} from "./api.js";
import {$, $$, debounce, h} from "./dom.js";
import {allows, LoginBox, onAuthChange, restore} from "./auth.js";
import {applyStatic, code, countryName, getLang, initialLang, num, onLangChange, setLang, t, TAXONOMY} from "./i18n.js";
import {swatch} from "./colors.js";
import {EventMap} from "./map.js";
import {drawTimeline} from "./timeline.js";
import {EventTable} from "./table.js";

const state = {
  filters: {},
  sort: "-date",
  limit: 50,
  cursors: [null], // cursors[i] opens page i + 1
  page: 1,
  metric: "events",
  hasNext: false,
  events: [],
  stats: null,
  places: [], // [{country, admin1, admin1_ar}] of the whole store, for the filter lists and map tips
  lastDashboardHash: "#/",
};
let controller = null;
let tableController = null;
let eventController = null;
let ready = false;

const form = () => $("#filter-form");
const map = () => state.map;

// -- status line ---------------------------------------------------------------------------

function status(message, kind = "info") {
  const el = $("#status");
  el.textContent = message || "";
  el.className = message ? `status ${kind}` : "status";
  el.setAttribute("role", kind === "error" ? "alert" : "status");
}

function failed(err) {
  if (err?.name === "AbortError") return;
  console.error(err);
  status(t("error", {message: err.message}), "error");
}

// -- routing -------------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = raw.split("?");
  const q = new URLSearchParams(query);
  const match = path.match(/^\/event\/(.+)$/);
  if (match) return {view: "event", id: decodeURIComponent(match[1]), doc: q.get("doc")};
  const review = path.match(/^\/review(?:\/(.+))?$/);
  if (review) return {view: "review", id: review[1] ? decodeURIComponent(review[1]) : null};
  if (/^\/alerts\/?$/.test(path)) return {view: "alerts"};
  return {view: "dashboard", q};
}

function dashboardHash() {
  const p = params(state.filters, {sort: state.sort === "-date" ? null : state.sort,
    limit: state.limit === 50 ? null : state.limit});
  const qs = p.toString();
  return qs ? `#/?${qs}` : "#/";
}

/** Show one of the views (dashboard, event, review, alerts) and mark its link in the header. */
function showView(view) {
  $("#dashboard").hidden = view !== "dashboard";
  $("#event-view").hidden = view !== "event";
  $("#review-view").hidden = view !== "review";
  $("#alerts-view").hidden = view !== "alerts";
  if (view !== "review") state.review?.hide();
  for (const a of $$(".nav a")) {
    const here = (a.classList.contains("nav-review") && view === "review") || (a.classList.contains("nav-map") && view === "dashboard")
      || (a.classList.contains("nav-alerts") && view === "alerts");
    if (here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function route() {
  const r = parseHash();
  showView(r.view);
  if (r.view === "review") {
    $("#event-view").replaceChildren();
    import("./review.js").then(({ReviewPage}) => {
      state.review ??= new ReviewPage($("#review-view"));
      return state.review.show(r.id);
    }).catch(failed);
    window.scrollTo(0, 0);
    return;
  }
  if (r.view === "alerts") {
    $("#event-view").replaceChildren();
    import("./alerts.js").then(({AlertsPage}) => {
      state.alerts ??= new AlertsPage($("#alerts-view"));
      return state.alerts.show();
    }).catch(failed);
    window.scrollTo(0, 0);
    return;
  }
  if (r.view === "event") {
    eventController?.abort();
    eventController = new AbortController();
    const options = {docId: r.doc, signal: eventController.signal, backHref: state.lastDashboardHash};
    import("./event.js").then(({renderEventPage}) => renderEventPage($("#event-view"), r.id, options)).catch(failed);
    window.scrollTo(0, 0);
    return;
  }
  $("#event-view").replaceChildren();
  const filters = {};
  for (const key of FILTER_KEYS) if (r.q.get(key)) filters[key] = r.q.get(key);
  const sort = SORTS.includes(r.q.get("sort")) ? r.q.get("sort") : "-date";
  const limit = Number(r.q.get("limit")) || 50;
  const changed = JSON.stringify([filters, sort, limit]) !== JSON.stringify([state.filters, state.sort, state.limit]);
  state.lastDashboardHash = location.hash || "#/";
  map().invalidate();
  if (changed || !state.loaded) {
    Object.assign(state, {filters, sort, limit});
    writeForm();
    load();
  }
}

// -- the filter form -----------------------------------------------------------------------

function option(value, label, selected) {
  return h("option", {value, selected: selected || null}, label);
}

function fillTypeSelects() {
  const f = form();
  const type = state.filters.type || "";
  f.type.replaceChildren(option("", t("all")), ...TAXONOMY.map(([ty]) => option(ty, code(ty), ty === type)));
  const subs = type ? (TAXONOMY.find(([ty]) => ty === type)?.[1] || []) : TAXONOMY.flatMap(([, s]) => s);
  const sub = state.filters.sub_type || "";
  f.sub_type.replaceChildren(option("", t("all")), ...subs.map((s) => option(s, code(s), s === sub)));
}

/** The country the country filter stands for (it may be a code or a name, English or Arabic,
 *  which the API resolves): the one country of the matching events, else "". */
function filteredCountry() {
  if (!state.filters.country) return "";
  const found = new Set((state.stats?.by_admin1 || []).map((r) => r.country).filter(Boolean));
  return found.size === 1 ? [...found][0] : "";
}

/** The Arabic name of an admin1 area as the API gives it (from the gazetteer), or "". */
function admin1Ar(country, admin1) {
  return state.places.find((p) => p.country === country && p.admin1 === admin1)?.admin1_ar || "";
}

function admin1Label(country, admin1) {
  return (getLang() === "ar" && admin1Ar(country, admin1)) || admin1;
}

function fillCountryList() {
  const countries = [...new Set(state.places.map((p) => p.country).filter(Boolean))]
    .sort((a, b) => countryName(a).localeCompare(countryName(b), getLang()));
  $("#country-list").replaceChildren(...countries.map((c) => h("option", {value: c, label: countryName(c)})));
  const code = filteredCountry();
  $("#country-note").textContent = code && code !== state.filters.country ? `= ${countryName(code)} (${code})` : "";
}

function fillAdmin1Select() {
  const f = form();
  const country = filteredCountry();
  const admin1 = state.filters.admin1 || "";
  const areas = new Map(); // admin1 -> its label in the interface language
  for (const p of state.places) {
    if (p.admin1 && (!country || p.country === country)) areas.set(p.admin1, admin1Label(p.country, p.admin1));
  }
  if (admin1 && !areas.has(admin1)) areas.set(admin1, admin1);
  const sorted = [...areas].sort(([, a], [, b]) => a.localeCompare(b, getLang()));
  f.admin1.replaceChildren(option("", t("all")), ...sorted.map(([value, label]) => option(value, label, value === admin1)));
  f.admin1.title = areas.get(admin1) || ""; // a long name the narrow select cuts is whole here
}

function fillPlaceLists() {
  fillCountryList();
  fillAdmin1Select();
}

function writeForm() {
  const f = form();
  fillTypeSelects();
  fillPlaceLists();
  for (const key of ["date_from", "date_to", "country", "actor", "min_fatalities", "q", "bbox"]) f[key].value = state.filters[key] || "";
}

function readForm() {
  const f = form();
  const filters = {};
  for (const key of FILTER_KEYS) {
    const value = f[key].value.trim();
    if (value) filters[key] = value;
  }
  // A sub-type that is not of the chosen type would match nothing.
  if (filters.type && filters.sub_type && !(TAXONOMY.find(([ty]) => ty === filters.type)?.[1] || []).includes(filters.sub_type)) {
    delete filters.sub_type;
  }
  return filters;
}

function applyFilters(filters) {
  state.filters = filters;
  writeForm();
  history.replaceState(null, "", dashboardHash());
  state.lastDashboardHash = location.hash || "#/";
  load();
}

function setFilter(key, value) {
  const filters = {...state.filters};
  if (value == null || value === "") delete filters[key];
  else filters[key] = value;
  applyFilters(filters);
}

function wireForm() {
  const f = form();
  f.addEventListener("submit", (e) => { e.preventDefault(); applyFilters(readForm()); });
  f.addEventListener("change", (e) => {
    if (["actor", "q", "bbox"].includes(e.target.name)) return; // handled on input
    applyFilters(readForm());
  });
  const typed = debounce(() => applyFilters(readForm()), 450);
  for (const name of ["actor", "q", "bbox"]) f[name].addEventListener("input", typed);
  $("#reset").addEventListener("click", (e) => { e.preventDefault(); applyFilters({}); });
  $("#bbox-from-map").addEventListener("click", () => setFilter("bbox", map().viewBBox()));
  $("#bbox-clear").addEventListener("click", () => setFilter("bbox", null));
  $("#fit-events").addEventListener("click", () => map().fitEvents());
  $("#metric").addEventListener("change", (e) => { state.metric = e.target.value; drawStats(); });
}

/** "Follow this search": for a key that may write (the alert is the key's); opens the form. */
function renderFollow() {
  const box = $("#follow-box");
  if (!allows("write")) {
    box.replaceChildren();
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.replaceChildren(h("button", {type: "button", class: "follow-button", title: t("follow_hint"), onclick: () => {
    import("./follow.js").then(({FollowDialog}) => {
      state.follow ??= new FollowDialog();
      state.follow.open(state.filters);
    }).catch(failed);
  }}, t("follow_button")));
}

function renderExports() {
  $("#exports").replaceChildren(...EXPORT_FORMATS.map((fmt) =>
    h("a", {class: "button export", href: api.exportUrl(state.filters, fmt, state.sort), download: "", "data-format": fmt,
      title: t("export_hint")}, fmt)));
}

// -- loading -------------------------------------------------------------------------------

function load() {
  state.loaded = true;
  controller?.abort();
  controller = new AbortController();
  const {signal} = controller;
  state.cursors = [null];
  state.page = 1;
  renderExports();
  map().showBBox(state.filters.bbox);
  status(t("loading"));
  const filters = {...state.filters};
  const stats = api.stats(filters, {signal}).then((s) => { state.stats = s; drawStats(); renderTable(); fillPlaceLists(); });
  const points = api.eventsGeoJSON(filters, {signal}).then((fc) => {
    state.features = fc;
    state.onMap = map().setEvents(fc);
    drawMapNote();
    fillActorList(fc);
  });
  const table = loadTable(signal);
  Promise.all([stats, points, table]).then(() => {
    status("");
    if (!ready) {
      ready = true;
      performance.mark("rasid:ready");
      document.body.dataset.ready = "1";
    }
  }).catch(failed);
}

async function loadTable(signal) {
  if (!signal) {
    tableController?.abort();
    tableController = new AbortController();
    signal = tableController.signal;
  }
  const page = await api.events(state.filters, {sort: state.sort, limit: state.limit, cursor: state.cursors[state.page - 1]},
    {signal});
  state.events = page.events;
  state.hasNext = Boolean(page.next_cursor);
  state.cursors[state.page] = page.next_cursor;
  renderTable();
}

function renderTable() {
  state.table.render({events: state.events, sort: state.sort, page: state.page, limit: state.limit,
    total: state.stats?.events, hasNext: state.hasNext});
}

/** How many events the map shows, and over the map a message when it shows none. */
function drawMapNote() {
  const fc = state.features;
  if (!fc) return;
  const skipped = fc.rasid_skipped_without_coordinates || 0;
  $("#map-note").textContent = [t("on_map", {n: num(state.onMap)}), skipped ? t("no_coords", {n: num(skipped)}) : ""]
    .filter(Boolean).join(" · ");
  const matched = (fc.features || []).length + skipped;
  const empty = state.onMap ? "" : matched ? t("map_no_points") : t("no_events");
  $("#map-empty").textContent = empty;
  $("#map-empty").hidden = !empty;
}

function drawStats() {
  const s = state.stats;
  if (!s) return;
  $("#summary").textContent = t("summary", {events: num(s.events), fatalities: num(s.fatalities?.acled ?? 0),
    low: num(s.fatalities?.low ?? 0), best: num(s.fatalities?.best ?? 0), high: num(s.fatalities?.high ?? 0)});
  const result = drawTimeline($("#timeline"), s.by_day || [], {metric: state.metric,
    onPick: (from, to) => applyFilters({...state.filters, date_from: from, date_to: to})});
  const unit = result.unit ? t(`timeline_bin_${result.unit}`) : "";
  $("#timeline-note").textContent = [unit, result.undated ? t("undated", {n: num(result.undated)}) : ""].filter(Boolean).join(" · ");
  drawLegend();
}

function drawLegend() {
  const counts = new Map();
  for (const r of state.stats?.by_type || []) counts.set(r.event_type, (counts.get(r.event_type) || 0) + (r.events || 0));
  $("#legend").replaceChildren(h("span", {class: "muted small"}, t("legend")), ...TAXONOMY.map(([type]) => {
    const active = state.filters.type === type;
    return h("button", {type: "button", class: `legend-item${active ? " active" : ""}`, "aria-pressed": String(active),
      "data-type": type, onclick: () => applyFilters(active ? {...state.filters, type: undefined, sub_type: undefined}
        : {...state.filters, type, sub_type: undefined})},
    swatch(type), ` ${code(type)} (${num(counts.get(type) || 0)})`);
  }));
}

function fillActorList(fc) {
  const names = new Set();
  for (const f of fc.features || []) {
    for (const k of ["actor1", "actor2", "actor1_ar", "actor2_ar"]) if (f.properties[k]) names.add(f.properties[k]);
    if (names.size > 400) break;
  }
  $("#actor-list").replaceChildren(...[...names].sort().map((n) => h("option", {value: n})));
}

// -- start ---------------------------------------------------------------------------------

function relabel() {
  writeForm();
  renderExports();
  drawStats();
  drawMapNote();
  renderTable();
  if (state.health) $("#health").textContent = t("store_events", {n: num(state.health.events)});
  const view = parseHash().view;
  if (view === "event") route();
  if (view === "review") state.review?.relabel();
  if (view === "alerts") state.alerts?.relabel();
  renderFollow();
  state.login?.render();
}

async function start() {
  setLang(initialLang(), {remember: false});
  applyStatic(document);
  $("#lang-switch").addEventListener("click", () => setLang(getLang() === "ar" ? "en" : "ar"));
  onLangChange(relabel);
  state.login = new LoginBox($("#login-box"));
  onAuthChange(() => {
    const view = parseHash().view;
    if (view === "review") state.review?.relabel();
    if (view === "event") route();
    if (view === "alerts") state.alerts?.authChanged().catch(failed);
    renderFollow();
  });
  state.table = new EventTable($("#table"), {
    onSort: (sort) => { state.sort = sort; history.replaceState(null, "", dashboardHash()); state.cursors = [null]; state.page = 1; loadTable().catch(failed); renderExports(); },
    onPage: (dir) => { state.page = Math.max(1, state.page + dir); loadTable().catch(failed); },
    onPageSize: (n) => { state.limit = n; state.cursors = [null]; state.page = 1; history.replaceState(null, "", dashboardHash()); loadTable().catch(failed); },
    onOpen: (id) => { location.hash = `#/event/${encodeURIComponent(id)}`; },
  });
  state.map = new EventMap($("#map"), {admin1Ar});
  wireForm();
  writeForm();
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", debounce(drawStats, 200));
  api.health().then((hl) => { state.health = hl; $("#health").textContent = t("store_events", {n: num(hl.events)}); }).catch(failed);
  api.stats({}).then((s) => { state.places = s.by_admin1 || []; fillPlaceLists(); }).catch(failed);
  await restore(); // a key this tab logged in with, before the first view is drawn
  renderFollow();
  route();
}

start();
