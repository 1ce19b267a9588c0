// The event page: the event's fields beside its Arabic source article (right to left), each
// evidence sentence highlighted and each field linked to the words it comes from. Hover or
// click a field and its words light up and scroll into view; click a word and its fields do.
//
// The API gives an event's evidence sentences and claims' sentences; the article gives its
// mentions (ACTOR, PLACE, DATE, NUMBER, TRIGGER, CASUALTY, CUE, PERSON). A field is linked
// to the mentions inside the event's sentences whose values agree with it.

import {api} from "./api.js";
import {h, httpUrl} from "./dom.js";
import {code, countryName, getLang, interLabel, mentionKind, num, readableUrl, t, vocab} from "./i18n.js";
import {swatch} from "./colors.js";
import {adminNames, placeName} from "./places.js";
import {renderSpans} from "./text.js";
import {allows} from "./auth.js";
import {auditTrail, claimMachineNote, machineNote, statusBadge} from "./audit.js";

const CUE_KINDS = new Set(["claimant", "according", "statement", "modality", "responsibility", "support"]);
const CASUALTY_FOR_KIND = {
  killed: ["killed"], injured: ["injured"], captured: ["captured"], arrested: ["arrested"], escaped: ["escaped"],
  displaced_households: ["household", "displaced"], displaced_individuals: ["civilian", "displaced", "person"],
};

const inside = (m, [s, e]) => m.start >= s && m.end <= e;

/** Which field keys each mention supports, and each claim's spans (pure; tested through the page). */
export function linkFields(event, article, docId) {
  const sentences = event.evidence.filter((ev) => ev.doc_id === docId).map((ev) => ev.span);
  const claims = event.claims.map((c, i) => ({...c, index: i})).filter((c) => c.doc_id === docId);
  const ranges = [...sentences, ...claims.map((c) => c.evidence).filter(Boolean)];
  const mentions = article.mentions
    .map((m, i) => ({...m, id: `m${i}`}))
    .filter((m) => ranges.some((r) => inside(m, r)))
    .filter((m) => m.kind !== "CUE" || CUE_KINDS.has(m.value?.kind));
  const links = new Map(mentions.map((m) => [m.id, new Set()]));
  const add = (m, field) => links.get(m.id).add(field);
  const inEvidence = (m) => sentences.some((r) => inside(m, r));
  const loc = event.location;

  for (const m of mentions) {
    const v = m.value || {};
    if (!inEvidence(m)) continue;
    if (m.kind === "TRIGGER" && v.event_type === event.event_type) {
      add(m, "type");
      if (v.sub_event_type === event.sub_event_type) add(m, "sub_type");
    } else if (m.kind === "ACTOR" || m.kind === "PERSON") {
      const id = m.kind === "ACTOR" ? v.id : v.group;
      event.actors.forEach((a, i) => { if (id && a.id === id) add(m, `actor${i}`); });
    } else if (m.kind === "DATE" && v.day) {
      const lo = event.date_start || event.event_date;
      const hi = event.date_end || event.event_date;
      if (v.day === event.event_date || (lo && hi && v.day >= lo && v.day <= hi)) add(m, "date");
    } else if (m.kind === "PLACE" && loc && v.place_id && v.place_id === loc.place_id) {
      add(m, "location");
    } else if (m.kind === "CUE" && v.kind === "responsibility" && (event.claimed_by || []).length) {
      add(m, "claimed_by");
    }
  }
  // No place named exactly: places in the same admin1 are what the location was inferred from.
  if (loc && ![...links.values()].some((f) => f.has("location"))) {
    for (const m of mentions) {
      const l = m.value?.location;
      if (m.kind === "PLACE" && inEvidence(m) && l && l.country === loc.country && l.admin1 === loc.admin1) add(m, "location");
    }
  }
  // Claims: the figure, its casualty word and the claimant's words within the claim's sentence.
  const claimSentence = new Map();
  for (const c of claims) {
    if (!c.evidence) continue;
    const here = mentions.filter((m) => inside(m, c.evidence));
    const field = `claim${c.index}`;
    const figure = here.filter((m) => m.kind === "NUMBER" && m.value?.value === c.value);
    const words = here.filter((m) => m.kind === "CASUALTY" && (CASUALTY_FOR_KIND[c.kind] || []).includes(m.value));
    const who = here.filter((m) => m.kind === "CUE" && ["claimant", "according", "statement", "modality"].includes(m.value?.kind));
    for (const m of [...figure, ...words, ...who]) add(m, field);
    const totals = c.kind === "killed" ? ["fatalities", "deaths", "deaths_by_side"]
      : c.kind.startsWith("displaced") ? ["displaced"] : [];
    for (const m of [...figure, ...words]) for (const f of totals) add(m, f);
    if (!figure.length && !words.length) claimSentence.set(field, c.evidence);
  }
  return {sentences, mentions, links, claimSentence};
}

/** The spans to draw over the article (the event's sentences s0…, mentions m…, claims'
 *  sentences outside them c…) and the links both ways: span id -> field keys, field key -> span ids. */
export function articleSpans({sentences, mentions, links, claimSentence}) {
  const spans = [];
  const spanFields = new Map();
  const fieldSpans = new Map();
  sentences.forEach(([start, end], i) => spans.push({id: `s${i}`, start, end, classes: ["ev-sentence"]}));
  for (const m of mentions) {
    const fields = [...links.get(m.id)];
    spans.push({id: m.id, start: m.start, end: m.end, mention: m,
      classes: ["mention", `k-${m.kind}`, fields.length ? "linked" : "unlinked"]});
    spanFields.set(m.id, fields);
    for (const f of fields) {
      if (!fieldSpans.has(f)) fieldSpans.set(f, []);
      fieldSpans.get(f).push(m.id);
    }
  }
  let k = 0;
  for (const [field, [start, end]] of claimSentence) {
    const id = `c${k++}`;
    spans.push({id, start, end, classes: ["claim-sentence"]});
    spanFields.set(id, [field]);
    fieldSpans.set(field, [id]);
  }
  return {spans, spanFields, fieldSpans};
}

let newestRender = 0; // each call takes a number; only the newest may fill the page

export async function renderEventPage(root, id, {docId, signal, backHref = "#/"} = {}) {
  // A slow answer for an event opened before must never replace the event opened since:
  // after each wait, stop unless this is still the newest render and it was not aborted.
  const render = ++newestRender;
  const stale = () => render !== newestRender || Boolean(signal?.aborted);
  root.replaceChildren(h("p", {class: "loading"}, t("loading")));
  let event;
  try {
    event = await api.event(id, {signal});
  } catch (err) {
    if (err.name === "AbortError" || stale()) return;
    root.replaceChildren(backLink(backHref), h("p", {class: "error", role: "alert"},
      err.status === 404 ? t("event_not_found", {id}) : t("error", {message: err.message})));
    return;
  }
  if (stale()) return;
  const withEvidence = new Set(event.evidence.map((ev) => ev.doc_id));
  const docs = event.sources.map((s) => s.doc_id);
  const chosen = docs.includes(docId) ? docId : docs.find((d) => withEvidence.has(d)) ?? docs[0];
  let article = null;
  let articleError = null;
  if (chosen) {
    try {
      article = await api.article(chosen, {signal});
    } catch (err) {
      if (err.name === "AbortError") return;
      articleError = err;
    }
  }
  if (stale()) return;
  const page = new EventPage(event, chosen, article, articleError, backHref);
  root.replaceChildren(page.el);
  page.revealFirst();
}

function backLink(href) {
  return h("a", {class: "back", href: href || "#/"}, t("back"));
}

/** A name in the interface language first, then the other language's when it differs. */
function namePair(name, nameAr) {
  const [first, second] = getLang() === "ar" ? [nameAr || name, name] : [name || nameAr, nameAr];
  return [h("bdi", null, first || "?"), second && second !== first ? [" · ", h("bdi", {lang: getLang() === "ar" ? "en" : "ar"}, second)] : null];
}

/** The admin areas from the largest down, each distinct one once, in the interface language. */
function adminLine(loc) {
  const names = adminNames(loc);
  return names.length ? names.map((name, i) => [i ? " › " : null, h("bdi", null, name)]) : t("none");
}

/** Arabic names of the actors this event's record names (its actors, its claims' subjects), by English name. */
function arabicNamesOf(event) {
  const names = new Map();
  for (const a of event.actors || []) if (a.name && a.name_ar) names.set(a.name, a.name_ar);
  for (const c of event.claims || []) if (c.subject && c.subject_ar) names.set(c.subject, c.subject_ar);
  return names;
}

class EventPage {
  constructor(event, docId, article, articleError, backHref) {
    this.event = event;
    this.docId = docId;
    this.fieldRows = new Map(); // field key -> [elements]
    this.spanEls = new Map(); // span id -> [elements]
    this.fieldSpans = new Map(); // field key -> [span ids]
    this.spanFields = new Map(); // span id -> [field keys]
    this.pinned = null;
    this.namesAr = arabicNamesOf(event);
    const linked = article ? linkFields(event, article, docId) : null;
    if (linked) this.index(linked);
    const textPanel = article ? this.articlePanel(article, linked)
      : h("section", {class: "panel article"}, h("p", {class: "error"}, articleError ? t("error", {message: articleError.message}) : t("none")));
    this.el = h("div", {class: "event-page", "data-event-id": event.id || event.event_id},
      h("div", {class: "event-head"}, backLink(backHref),
        h("h2", null, swatch(event.event_type), " ", code(event.sub_event_type), " · ",
          h("bdi", null, placeName(event.location) || t("none")),
          " · ", h("bdi", null, event.event_date || t("none"))),
        h("span", {class: "mono muted"}, event.id || event.event_id), " ", statusBadge(event.review),
        allows("review") ? h("a", {class: "review-link", href: `#/review/${encodeURIComponent(event.id)}`}, t("review_this")) : null),
      h("div", {class: "event-body"},
        h("div", {class: "event-side"}, this.fieldsPanel(), this.claimsPanel(), this.sourcesPanel(), this.auditPanel()),
        textPanel));
  }

  /** The audit trail: every review of the event, oldest first (filled when it arrives). */
  auditPanel() {
    const panel = h("section", {class: "panel audit-panel"}, h("h3", null, t("audit_title")), h("p", {class: "loading"}, t("loading")));
    api.reviews(this.event.id).then(({reviews}) => {
      panel.replaceChildren(h("h3", null, t("audit_title")), auditTrail(reviews, this.event.id));
    }).catch((err) => {
      panel.replaceChildren(h("h3", null, t("audit_title")), h("p", {class: "error"}, t("error", {message: err.message})));
    });
    return panel;
  }

  index(linked) {
    Object.assign(this, articleSpans(linked));
  }

  // -- the fields --------------------------------------------------------------------------

  /** An actor's name from the event's record (deaths by side, claimed by) in the interface language. */
  actorName(name) {
    return getLang() === "ar" ? this.namesAr.get(name) || name : name;
  }

  field(key, label, ...value) {
    const spans = this.fieldSpans.get(key) || [];
    const reviewed = {type: ["event_type"], sub_type: ["sub_event_type"], date: ["event_date", "time_precision"],
      location: ["location"], fatalities: ["fatalities"], actor0: ["actors"]}[key];
    if (reviewed) value.push(machineNote(this.event.review, ...reviewed));
    const expected = /^(type|sub_type|date|location|actor\d+)$/.test(key); // fields the text always gives
    const row = h("div", {class: `field${spans.length ? " has-span" : ""}`, "data-field": key, tabindex: spans.length ? 0 : null,
      role: spans.length ? "button" : null},
    h("dt", null, label), h("dd", null, ...value, spans.length || !expected ? null : h("small", {class: "muted nospan"}, ` (${t("no_span")})`)));
    this.wire(row, key);
    return row;
  }

  wire(el, key) {
    if (!this.fieldRows.has(key)) this.fieldRows.set(key, []);
    this.fieldRows.get(key).push(el);
    if (!(this.fieldSpans.get(key) || []).length) return;
    el.addEventListener("mouseenter", () => this.show({fields: [key]}, true));
    el.addEventListener("mouseleave", () => this.restore());
    el.addEventListener("focus", () => this.show({fields: [key]}, true));
    el.addEventListener("click", () => this.pin({fields: [key]}, "text"));
    el.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); this.pin({fields: [key]}, "text"); } });
  }

  fieldsPanel() {
    const e = this.event;
    const loc = e.location;
    const dates = e.date_start && e.date_end && e.date_start !== e.date_end
      ? ` (${t("field_span", {start: e.date_start, end: e.date_end})})` : "";
    const rows = [
      this.field("type", t("field_type"), swatch(e.event_type), " ", code(e.event_type)),
      this.field("sub_type", t("field_sub_type"), code(e.sub_event_type)),
      this.field("date", t("field_date"), e.event_date || t("none"), dates, h("br"),
        h("small", {class: "muted"}, t("field_precision", {p: e.time_precision ?? "?"}))),
      ...e.actors.map((a, i) => this.field(`actor${i}`, t("field_actor", {n: i + 1}),
        namePair(a.name, a.name_ar), h("br"),
        h("small", {class: "muted"}, t("field_inter", {code: a.inter ?? "?", label: interLabel(a.inter)})))),
      loc ? this.field("location", t("field_location"),
        namePair(loc.name, loc.name_ar), h("br"),
        h("small", {class: "admin-areas"}, `${t("field_admin")}: `, adminLine(loc)), h("br"),
        h("small", null, `${t("field_country")}: ${countryName(loc.country)} (${loc.country || "?"})`), h("br"),
        h("small", null, `${t("field_coords")}: `, h("span", {class: "mono", dir: "ltr"},
          loc.lat != null ? `${Number(loc.lat).toFixed(5)}, ${Number(loc.lon).toFixed(5)}` : t("none")),
        loc.pcode ? ` · ${t("field_pcode")}: ${loc.pcode}` : "", ` · ${t("field_geo_precision", {p: loc.geo_precision ?? "?"})}`))
        : this.field("location", t("field_location"), t("none")),
      this.field("fatalities", t("field_fatalities"), h("strong", null, num(e.fatalities ?? 0))),
      this.field("deaths", t("field_deaths"), [e.deaths?.low, e.deaths?.best, e.deaths?.high].map((x) => num(x)).join(" / ")),
    ];
    const bySide = Object.entries(e.deaths_by_side || {});
    if (bySide.length) {
      rows.push(this.field("deaths_by_side", t("field_deaths_by_side"),
        bySide.map(([side, n], i) => [i ? "; " : null, h("bdi", null, this.actorName(side)), `: ${num(n)}`])));
    }
    if (e.displaced && (e.displaced.households != null || e.displaced.individuals != null)) {
      rows.push(this.field("displaced", t("field_displaced"), t("field_displaced_value",
        {households: num(e.displaced.households), individuals: num(e.displaced.individuals)})));
    }
    if ((e.claimed_by || []).length) {
      rows.push(this.field("claimed_by", t("field_claimed_by"),
        e.claimed_by.map((name, i) => [i ? "; " : null, h("bdi", null, this.actorName(name))])));
    }
    rows.push(h("div", {class: "field"}, h("dt", null, t("field_updated")),
      h("dd", {class: "mono"}, `${(e.created_at || "").slice(0, 19)} / ${(e.updated_at || "").slice(0, 19)}`)));
    return h("section", {class: "panel fields"}, h("h3", null, t("fields")), h("dl", null, rows));
  }

  claimsPanel() {
    const claims = this.event.claims;
    if (!claims.length) return h("section", {class: "panel claims"}, h("h3", null, t("claims")), h("p", {class: "muted"}, t("no_claims")));
    const head = h("tr", null, ["claim_figure", "claim_kind", "claim_subject", "claim_claimant", "claim_claimant_type",
      "claim_modality", "claim_source"].map((k) => h("th", {scope: "col"}, t(k))));
    const rows = claims.map((c, i) => {
      const key = `claim${i}`;
      const here = c.doc_id === this.docId;
      const row = h("tr", {class: `claim${here ? "" : " other-doc"}${(this.fieldSpans.get(key) || []).length ? " has-span" : ""}`,
        "data-field": key, tabindex: here ? 0 : null},
      h("td", {class: "num"}, h("strong", null, num(c.value)), c.vague ? [" ", h("bdi", {lang: "ar"}, `(${c.vague})`)] : null),
      h("td", null, vocab(c.kind)),
      h("td", null, h("bdi", {title: c.subject || null}, (getLang() === "ar" ? c.subject_ar : null) || c.subject || t("none"))),
      h("td", null, h("bdi", null, c.claimant || t("none"))),
      h("td", null, vocab(c.claimant_type)),
      h("td", null, vocab(c.modality), c.key ? claimMachineNote(this.event.review, c.key) : null),
      h("td", null, here ? h("span", {class: "mono"}, c.doc_id)
        : h("a", {class: "mono", href: `#/event/${encodeURIComponent(this.event.id)}?doc=${encodeURIComponent(c.doc_id)}`}, c.doc_id)));
      if (here) this.wire(row, key);
      return row;
    });
    return h("section", {class: "panel claims"}, h("h3", null, t("claims")),
      h("div", {class: "table-wrap"}, h("table", {class: "claims-table"}, h("thead", null, head), h("tbody", null, rows))));
  }

  sourcesPanel() {
    const items = this.event.sources.map((src) => {
      const url = httpUrl(src.url);
      const shown = src.doc_id === this.docId;
      return h("li", {class: shown ? "source shown" : "source", "data-doc": src.doc_id},
        h("div", {class: "source-title", lang: "ar", dir: "auto"}, src.title || src.doc_id),
        h("div", {class: "muted small"}, [src.outlet, src.published, src.doc_id].filter(Boolean).join(" · ")),
        h("div", {class: "small"},
          url ? h("a", {href: url, target: "_blank", rel: "noopener noreferrer", class: "source-url", dir: "ltr"}, readableUrl(url))
            : h("span", {class: "muted"}, src.url ? `${t("source_no_url")}: ${src.url}` : t("source_no_url")),
          " · ",
          shown ? h("strong", null, t("source_shown"))
            : h("a", {href: `#/event/${encodeURIComponent(this.event.id)}?doc=${encodeURIComponent(src.doc_id)}`}, t("source_show"))));
    });
    return h("section", {class: "panel sources"}, h("h3", null, `${t("sources")} (${num(this.event.n_sources ?? items.length)})`),
      h("ul", {class: "source-list"}, items));
  }

  // -- the article -------------------------------------------------------------------------

  articlePanel(article, linked) {
    this.textEl = h("div", {class: "article-text", id: "article-text", lang: "ar", dir: "rtl"});
    this.spanEls = renderSpans(this.textEl, article.text || "", this.spans || []);
    for (const sp of this.spans || []) {
      for (const el of this.spanEls.get(sp.id) || []) {
        if (sp.mention) el.title = `${mentionKind(sp.mention.kind)} · ${sp.mention.rule || ""}`;
      }
    }
    this.textEl.addEventListener("click", (ev) => {
      const seg = ev.target.closest(".seg");
      if (!seg) return;
      const ids = seg.dataset.spans.split(" ").filter((id) => (this.spanFields.get(id) || []).length);
      if (ids.length) this.pin({spans: ids}, "fields");
    });
    const url = httpUrl(article.url);
    const kinds = [...new Set(linked.mentions.map((m) => m.kind))];
    // Claims whose figure sits outside the event's sentences: their sentence is marked apart,
    // so that what looks like the event's evidence is only the event's own sentences.
    const sentenceKeys = [h("span", {class: "seg ev-sentence kind-key"}, t("event_sentence")),
      linked.claimSentence.size ? h("span", {class: "seg claim-sentence kind-key"}, t("claim_sentence")) : null];
    return h("section", {class: "panel article", id: "article"},
      h("h3", null, t("article")),
      h("h4", {class: "article-title", lang: "ar", dir: "rtl"}, article.title || article.doc_id),
      h("p", {class: "muted small"}, [article.outlet, article.published, article.doc_id].filter(Boolean).join(" · "),
        url ? [" · ", h("a", {href: url, target: "_blank", rel: "noopener noreferrer", class: "source-url", dir: "ltr"}, readableUrl(url))] : null),
      article.near_duplicate_of ? h("p", {class: "muted small"}, t("article_dup", {doc: article.near_duplicate_of})) : null,
      h("p", {class: "hint small"}, t("evidence_hint")),
      h("p", {class: "kinds small"}, `${t("mention_kinds")}: `, sentenceKeys,
        kinds.map((k) => h("span", {class: `seg mention linked k-${k} kind-key`}, mentionKind(k)))),
      this.textEl);
  }

  // -- highlighting ------------------------------------------------------------------------

  /** Highlight fields and spans: {fields} lights their spans, {spans} lights their fields. */
  show({fields = [], spans = []}, scrollText = false, scrollFields = false) {
    this.clearHighlights();
    const spanIds = new Set(spans);
    const fieldKeys = new Set(fields);
    for (const f of fields) for (const id of this.fieldSpans.get(f) || []) spanIds.add(id);
    for (const id of spans) for (const f of this.spanFields.get(id) || []) fieldKeys.add(f);
    const els = [...spanIds].flatMap((id) => this.spanEls.get(id) || []);
    for (const el of els) el.classList.add("hl");
    const rows = [...fieldKeys].flatMap((f) => this.fieldRows.get(f) || []);
    for (const row of rows) row.classList.add("hl");
    if (scrollText && els.length) scrollWithin(this.textEl, els[0]);
    if (scrollFields && rows.length) rows[0].scrollIntoView({block: "nearest"});
  }

  pin(target, scroll) {
    this.pinned = target;
    this.show(target, scroll === "text", scroll === "fields");
  }

  restore() {
    if (this.pinned) this.show(this.pinned);
    else this.clearHighlights();
  }

  /** Only this page's highlights: a page being replaced must not touch the next one's. */
  clearHighlights() {
    for (const el of this.el.querySelectorAll(".hl")) el.classList.remove("hl");
  }

  revealFirst() {
    const first = this.textEl?.querySelector(".ev-sentence");
    if (first) scrollWithin(this.textEl, first);
  }
}

/** Scroll a scrollable container (not the page) so that `el` is in its upper third. */
function scrollWithin(container, el) {
  if (!container) return;
  const top = el.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
  container.scrollTo({top: Math.max(0, top - container.clientHeight / 3)});
}
