// The correction form for one event: type and sub-type (ACLED's taxonomy), date and its
// precision, fatalities, actors (from the dictionary or new), the place (gazetteer search or
// the map: place-picker.js), claims' claimant and modality, and a reason. Beside each field a
// reviewer corrected, what the machine says. The form keeps a draft; only the fields that
// differ from the event as it stands are sent.

import {api} from "./api.js";
import {debounce, fill, h} from "./dom.js";
import {bilingual, code, t, TAXONOMY, vocab} from "./i18n.js";
import {claimMachineNote, fieldValue, machineNote} from "./audit.js";

const PRECISIONS = [1, 2, 3];
const MODALITIES = ["asserted", "alleged", "denied"];
const CLAIMANT_TYPES = ["party", "official", "media", "activists", "informed_sources", "unattributed"];
const CLAIM_FIELDS = ["claimant", "claimant_type", "modality"]; // what a reviewer corrects in a claim

const subTypesOf = (type) => TAXONOMY.find(([ty]) => ty === type)?.[1] || [];
const actorKey = (a) => a.id || `name:${a.name}`;

const actorOption = (a) => h("option", {value: a.name, label: [a.name_ar, a.id].filter(Boolean).join(" · ")});

/** An actor as a review sends it: its dictionary id, or {name} for one the dictionary lacks. */
export function actorValue(a) {
  return a.id ? a.id : {name: a.name, ...(a.name_ar ? {name_ar: a.name_ar} : {})};
}

export class ReviewForm {
  /** knownActors: Map id -> actor record (for the actor field's suggestions);
   *  onAction(action, fields): a button or key asked for a review; onHover(evidence keys). */
  constructor(event, {picker, knownActors, onAction, onHover = () => {}}) {
    this.event = event;
    this.picker = picker;
    this.knownActors = knownActors;
    this.onAction = onAction;
    this.onHover = onHover;
    this.el = h("form", {class: "review-form", autocomplete: "off", "data-event-id": event.id, novalidate: true});
    this.el.addEventListener("submit", (e) => { e.preventDefault(); this.save(); });
    this.reset();
  }

  reset() {
    const e = this.event;
    this.draft = {
      event_type: e.event_type, sub_event_type: e.sub_event_type, event_date: e.event_date || "",
      time_precision: e.time_precision ?? 1, fatalities: e.fatalities ?? 0, actors: [...(e.actors || [])], location: null,
      claims: Object.fromEntries((e.claims || []).filter((c) => c.key).map((c) => [c.key,
        {claimant: c.claimant || "", claimant_type: c.claimant_type || "unattributed", modality: c.modality || "asserted"}])),
      reason: "",
    };
    this.picker.show(e.location, (choice) => this.pickPlace(choice));
    this.render();
  }

  /** A place chosen in the picker: the draft's new location, shown without redrawing the map. */
  pickPlace(choice) {
    this.draft.location = choice;
    const old = this.el.querySelector(".place-pending");
    const fresh = this.locationPending();
    if (old) old.replaceWith(fresh);
    else this.el.querySelector(".form-row[data-field='location'] .place-current")?.after(fresh);
  }

  /** The fields that differ from the event as it stands, in the review API's form. */
  changes() {
    const d = this.draft;
    const e = this.event;
    const fields = {};
    if (d.event_type !== e.event_type) fields.event_type = d.event_type;
    if (d.sub_event_type !== e.sub_event_type) fields.sub_event_type = d.sub_event_type;
    if (d.event_date && d.event_date !== e.event_date) fields.event_date = d.event_date;
    if (Number(d.time_precision) !== (e.time_precision ?? 1)) fields.time_precision = Number(d.time_precision);
    if (d.fatalities !== "" && Number(d.fatalities) !== (e.fatalities ?? 0)) fields.fatalities = Number(d.fatalities);
    if (d.location) fields.location = d.location.value;
    if (d.actors.map(actorKey).join("|") !== (e.actors || []).map(actorKey).join("|") && d.actors.length) {
      fields.actors = d.actors.map(actorValue);
    }
    const claims = {};
    for (const c of e.claims || []) {
      const now = c.key && d.claims[c.key];
      if (!now) continue;
      const before = {claimant: c.claimant ?? null, claimant_type: c.claimant_type || "unattributed", modality: c.modality || "asserted"};
      const after = {claimant: now.claimant.trim() || null, claimant_type: now.claimant_type, modality: now.modality};
      const fix = Object.fromEntries(CLAIM_FIELDS.filter((f) => after[f] !== before[f]).map((f) => [f, after[f]]));
      if (Object.keys(fix).length) claims[c.key] = fix; // only what changed: a claimant cleared is null
    }
    if (Object.keys(claims).length) fields.claims = claims;
    return fields;
  }

  reason() { return this.draft.reason.trim(); }

  save() {
    const fields = this.changes();
    if (!Object.keys(fields).length) {
      this.note(t("nothing_changed"), "info");
      return;
    }
    this.onAction("correct", fields);
  }

  note(message, kind = "info") {
    const el = this.el.querySelector(".form-note");
    if (!el) return;
    el.textContent = message || "";
    el.className = `form-note ${kind}`;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
  }

  /** Focus the form's first field (the e key). */
  focus() {
    this.el.querySelector("select, input")?.focus();
  }

  // -- rendering ---------------------------------------------------------------------------

  /** A field's row: its label and control, the machine's value when a reviewer corrected it;
   *  pointing at it lights its words (`evidence`: the event page's field keys) in the article. */
  row(field, evidence, label, control) {
    const row = h("div", {class: "form-row", "data-field": field},
      h("label", {class: "form-label"}, h("span", null, label), control), machineNote(this.event.review, field));
    row.addEventListener("mouseenter", () => this.onHover(evidence));
    row.addEventListener("mouseleave", () => this.onHover([]));
    row.addEventListener("focusin", () => this.onHover(evidence));
    return row;
  }

  render() {
    const d = this.draft;
    const e = this.event;
    const type = h("select", {name: "event_type"}, TAXONOMY.map(([ty]) => h("option", {value: ty, selected: ty === d.event_type || null}, code(ty))));
    if (!subTypesOf(d.event_type).length) type.prepend(h("option", {value: d.event_type, selected: true}, code(d.event_type)));
    type.addEventListener("change", () => {
      d.event_type = type.value;
      const subs = subTypesOf(d.event_type);
      if (!subs.includes(d.sub_event_type)) d.sub_event_type = subs[0] || "";
      this.render();
      this.el.querySelector("select[name='event_type']").focus();
    });
    const subs = subTypesOf(d.event_type);
    const sub = h("select", {name: "sub_event_type"}, (subs.includes(d.sub_event_type) ? subs : [d.sub_event_type, ...subs])
      .map((s) => h("option", {value: s, selected: s === d.sub_event_type || null}, code(s))));
    sub.addEventListener("change", () => { d.sub_event_type = sub.value; });
    const day = h("input", {type: "date", name: "event_date", value: d.event_date, max: new Date().toISOString().slice(0, 10), dir: "ltr"});
    day.addEventListener("input", () => { d.event_date = day.value; });
    const precision = h("select", {name: "time_precision"}, PRECISIONS.map((p) =>
      h("option", {value: p, selected: Number(d.time_precision) === p || null}, t(`precision_${p}`))));
    precision.addEventListener("change", () => { d.time_precision = Number(precision.value); });
    const deaths = h("input", {type: "number", name: "fatalities", min: 0, step: 1, inputmode: "numeric", value: d.fatalities});
    deaths.addEventListener("input", () => { d.fatalities = deaths.value; });
    const reason = h("textarea", {name: "reason", rows: 2, placeholder: t("reason_placeholder")}, d.reason);
    reason.addEventListener("input", () => { d.reason = reason.value; });

    fill(this.el,
      this.row("event_type", ["type"], t("field_type"), type),
      this.row("sub_event_type", ["sub_type"], t("field_sub_type"), sub),
      h("div", {class: "form-pair"},
        this.row("event_date", ["date"], t("field_date"), day),
        this.row("time_precision", ["date"], t("field_time_precision"), precision)),
      this.row("fatalities", ["fatalities"], t("field_fatalities"), deaths),
      this.actorsRow(),
      this.locationRow(),
      this.claimsRow(),
      h("label", {class: "form-label reason"}, h("span", null, t("reason")), reason),
      h("div", {class: "form-buttons"},
        h("button", {type: "submit", class: "save primary", "data-action": "correct"}, t("save_correction")),
        h("button", {type: "button", class: "confirm", "data-action": "confirm", "aria-keyshortcuts": "c",
          onclick: () => this.onAction("confirm")}, t("confirm"), h("kbd", null, "c")),
        h("button", {type: "button", class: "reject", "data-action": "reject", "aria-keyshortcuts": "x",
          onclick: () => this.onAction("reject")}, t("reject"), h("kbd", null, "x")),
        e.review?.status && e.review.status !== "machine"
          ? h("button", {type: "button", class: "reopen", "data-action": "reopen", onclick: () => this.onAction("reopen")}, t("reopen"))
          : null,
        h("button", {type: "button", class: "revert", onclick: () => this.reset()}, t("revert"))),
      h("p", {class: "form-note", role: "status"}));
  }

  /** The dictionary's actors for what the reviewer types, offered in the field's list. */
  async suggestActors(query) {
    if (!query) return;
    try {
      const {actors} = await api.actors(query);
      for (const a of actors) this.knownActors.set(a.id, a);
      const list = this.el.querySelector("#review-actor-options");
      if (list) fill(list, ...actors.map(actorOption));
    } catch { /* suggestions are a help; the field still takes a new actor's name */ }
  }

  actorsRow() {
    const d = this.draft;
    const listId = "review-actor-options"; // one form is shown at a time
    const add = h("input", {type: "text", name: "actor_add", list: listId, placeholder: t("actor_add_placeholder"),
      "aria-label": t("actor_add")});
    const addActor = () => {
      const value = add.value.trim();
      if (!value) return;
      const wanted = value.toLowerCase();
      const known = [...this.knownActors.values()].find((a) => a.id === value || (a.name || "").toLowerCase() === wanted
        || a.name_ar === value);
      const actor = known || {id: null, name: value};
      if (!d.actors.some((a) => actorKey(a) === actorKey(actor))) d.actors.push(actor);
      this.render();
      this.el.querySelector("input[name='actor_add']").focus();
    };
    add.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addActor(); } });
    add.addEventListener("input", debounce(() => this.suggestActors(add.value.trim()), 200));
    const chips = h("ul", {class: "chips"}, d.actors.map((a, i) => h("li", {class: `chip${a.id ? "" : " new-actor"}`, "data-actor": actorKey(a)},
      h("bdi", null, bilingual(a.name, a.name_ar) || a.id), a.id ? null : h("small", {class: "muted"}, ` (${t("actor_new")})`),
      h("button", {type: "button", class: "chip-remove", "aria-label": t("actor_remove", {name: a.name || a.id}),
        title: t("actor_remove", {name: a.name || a.id}), onclick: () => { d.actors.splice(i, 1); this.render(); }}, "×"))));
    const options = h("datalist", {id: listId}, [...this.knownActors.values()].map(actorOption));
    const row = h("div", {class: "form-row", "data-field": "actors"},
      h("span", {class: "form-label-text"}, t("field_actors")), chips,
      h("div", {class: "actor-add"}, add, options, h("button", {type: "button", class: "actor-add-button", onclick: addActor}, t("actor_add"))),
      machineNote(this.event.review, "actors"));
    const keys = (this.event.actors || []).map((_, i) => `actor${i}`);
    row.addEventListener("mouseenter", () => this.onHover(keys));
    row.addEventListener("mouseleave", () => this.onHover([]));
    return row;
  }

  locationRow() {
    const current = h("div", {class: "place-current"}, h("span", {class: "muted"}, `${t("place_now")}: `),
      fieldValue("location", this.event.location));
    const pending = this.draft.location ? this.locationPending() : null;
    const row = h("div", {class: "form-row location-row", "data-field": "location"},
      h("span", {class: "form-label-text"}, t("field_location")), current, pending,
      machineNote(this.event.review, "location"), this.picker.el);
    row.addEventListener("mouseenter", () => this.onHover(["location"]));
    row.addEventListener("mouseleave", () => this.onHover([]));
    return row;
  }

  locationPending() {
    const d = this.draft;
    return h("div", {class: "place-pending", "data-place-id": d.location.value.place_id || ""},
      h("span", null, `${t("place_new")}: `), fieldValue("location", d.location.place),
      d.location.value.place_id || !d.location.place?.name ? null : h("span", {class: "mono small", dir: "ltr"}, ` (${d.location.value.lat}, ${d.location.value.lon})`),
      " ", h("button", {type: "button", class: "place-undo", onclick: () => { d.location = null; this.render(); }}, t("undo")));
  }

  claimsRow() {
    const claims = (this.event.claims || []).filter((c) => c.key);
    if (!claims.length) return null;
    const d = this.draft;
    const select = (name, values, current, draft, label) => {
      const el = h("select", {name, "aria-label": label}, values.map((v) => h("option", {value: v, selected: v === current || null}, vocab(v))));
      el.addEventListener("change", () => { draft[name] = el.value; });
      return el;
    };
    return h("div", {class: "form-row claims-row", "data-field": "claims"},
      h("span", {class: "form-label-text"}, t("claims")),
      h("div", {class: "table-wrap"}, h("table", {class: "claims-form"}, h("thead", null, h("tr", null,
        ["claim_figure", "claim_kind", "claim_claimant", "claim_claimant_type", "claim_modality"].map((k) => h("th", {scope: "col"}, t(k))))),
      h("tbody", null, claims.map((c) => {
        const draft = d.claims[c.key];
        const claimant = h("input", {type: "text", name: "claimant", value: draft.claimant, dir: "auto", "aria-label": t("claim_claimant")});
        claimant.addEventListener("input", () => { draft.claimant = claimant.value; });
        const said = claimMachineNote(this.event.review, c.key);
        return [h("tr", {"data-claim": c.key}, h("td", {class: "num"}, String(c.value ?? "")), h("td", null, vocab(c.kind)),
          h("td", null, claimant),
          h("td", null, select("claimant_type", CLAIMANT_TYPES, draft.claimant_type, draft, t("claim_claimant_type"))),
          h("td", null, select("modality", MODALITIES, draft.modality, draft, t("claim_modality")))),
        said ? h("tr", {class: "claim-machine", "data-claim": c.key}, h("td", {colspan: 5}, said)) : null];
      })))));
  }
}
