// The evidence beside the review form: one source article of the event (a tab per source),
// right to left, its event sentences highlighted and the words behind each field underlined,
// as the event page draws them (event.js links fields to words, text.js draws the spans).

import {api} from "./api.js";
import {fill, h} from "./dom.js";
import {mentionKind, t} from "./i18n.js";
import {articleSpans, linkFields} from "./event.js";
import {renderSpans} from "./text.js";

export class EvidencePanel {
  constructor() {
    this.el = h("section", {class: "panel review-evidence", "aria-live": "polite"});
    this.fieldSpans = new Map();
    this.spanEls = new Map();
    this.render = 0;
  }

  /** Show `event`'s article `docId` (default: the first source with evidence). */
  async show(event, docId = null) {
    const render = ++this.render;
    this.event = event;
    const withEvidence = new Set(event.evidence.map((ev) => ev.doc_id));
    const docs = event.sources.map((s) => s.doc_id);
    const chosen = docs.includes(docId) ? docId : docs.find((d) => withEvidence.has(d)) ?? docs[0];
    this.docId = chosen;
    this.fieldSpans = new Map();
    this.spanEls = new Map();
    const tabs = docs.length > 1 ? h("div", {class: "source-tabs", role: "tablist"}, event.sources.map((s) =>
      h("button", {type: "button", role: "tab", class: "source-tab", "data-doc": s.doc_id, "aria-selected": String(s.doc_id === chosen),
        title: s.title || s.doc_id, onclick: () => this.show(event, s.doc_id)}, s.doc_id))) : null;
    fill(this.el, h("h3", null, t("evidence")), tabs, h("p", {class: "loading"}, t("loading")));
    if (!chosen) {
      fill(this.el, h("h3", null, t("evidence")), h("p", {class: "muted"}, t("none")));
      return;
    }
    let article;
    try {
      article = await api.article(chosen);
    } catch (err) {
      if (render !== this.render) return;
      fill(this.el, h("h3", null, t("evidence")), tabs, h("p", {class: "error"}, t("error", {message: err.message})));
      return;
    }
    if (render !== this.render) return; // another event (or source) was opened meanwhile
    const linked = linkFields(event, article, chosen);
    const {spans, fieldSpans} = articleSpans(linked);
    this.fieldSpans = fieldSpans;
    const text = h("div", {class: "article-text review-text", lang: "ar", dir: "rtl"});
    this.spanEls = renderSpans(text, article.text || "", spans);
    for (const sp of spans) {
      if (!sp.mention) continue;
      for (const el of this.spanEls.get(sp.id) || []) el.title = mentionKind(sp.mention.kind);
    }
    fill(this.el, h("h3", null, t("evidence")), tabs,
      h("h4", {class: "article-title", lang: "ar", dir: "rtl"}, article.title || article.doc_id),
      h("p", {class: "muted small"}, [article.outlet, article.published, article.doc_id].filter(Boolean).join(" · ")),
      h("p", {class: "hint small"}, t("evidence_review_hint")),
      text);
    const first = text.querySelector(".ev-sentence");
    if (first) {
      const top = first.getBoundingClientRect().top - text.getBoundingClientRect().top + text.scrollTop;
      text.scrollTop = Math.max(0, top - text.clientHeight / 3);
    }
  }

  /** Light the words behind these field keys (type, sub_type, date, location, actor0…, fatalities). */
  highlight(keys) {
    for (const el of this.el.querySelectorAll(".hl")) el.classList.remove("hl");
    for (const key of keys) {
      for (const id of this.fieldSpans.get(key) || []) {
        for (const el of this.spanEls.get(id) || []) el.classList.add("hl");
      }
    }
  }
}
