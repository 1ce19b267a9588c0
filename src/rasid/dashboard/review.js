// The review page (#/review, #/review/ID): the queue of events that most need a person, as
// the API orders it, each with why; beside it the selected event's correction form, merge and
// split, its audit trail, and its source article with the evidence highlighted.
// Keyboard: j/k or the up and down arrows move, c confirms, x rejects, e edits, m merges,
// ? lists the keys. After a confirm or a reject the next event opens.

import {api} from "./api.js";
import {fill, h} from "./dom.js";
import {code, num, t} from "./i18n.js";
import {swatch} from "./colors.js";
import {allows, apiKey, currentUser, refused} from "./auth.js";
import {auditTrail, fieldLabel, fieldValue, machineNote, needChip, statusBadge} from "./audit.js";
import {EvidencePanel} from "./evidence.js";
import {MergePanel} from "./merge.js";
import {PlacePicker} from "./place-picker.js";
import {placeNodes} from "./places.js";
import {ReviewForm} from "./review-form.js";

const QUEUE_SIZE = 100;
const KEYS = [
  [["j", "↓"], "key_next"], [["k", "↑"], "key_prev"], [["c"], "key_confirm"], [["x"], "key_reject"],
  [["e"], "key_edit"], [["m"], "key_merge"], [["?"], "key_help"], [["Esc"], "key_escape"],
];
const READ_ONLY_FIELDS = ["event_type", "sub_event_type", "event_date", "time_precision", "fatalities", "actors", "location"];

/** Keys typed into a field are text, not commands. */
function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export class ReviewPage {
  constructor(root) {
    this.root = root;
    this.queue = [];
    this.current = null;
    this.index = 0;
    this.reviews = [];
    this.active = false;
    this.opening = 0;
    this.picker = null; // made on first use: Leaflet needs the page's script loaded
    this.evidence = new EvidencePanel();
    this.queueList = h("ol", {class: "queue-list", role: "listbox", "aria-label": t("queue")});
    this.queueNote = h("p", {class: "muted small queue-note"});
    this.queueTitle = h("h2", null);
    this.helpButton = h("button", {type: "button", class: "keys-button", "aria-keyshortcuts": "?", onclick: () => this.toggleHelp()}, "?");
    this.help = h("div", {class: "keys-help panel", hidden: true, role: "dialog"});
    this.work = h("div", {class: "review-work"});
    this.message = h("p", {class: "review-status", role: "status", "aria-live": "polite"});
    this.el = h("div", {class: "review-page"},
      h("aside", {class: "panel review-queue"}, h("div", {class: "panel-head"}, this.queueTitle, this.helpButton), this.queueNote,
        this.help, this.queueList),
      h("div", {class: "review-middle"}, this.message, this.work),
      this.evidence.el);
    root.replaceChildren(this.el);
    document.addEventListener("keydown", (e) => this.onKey(e));
    this.relabel(false);
  }

  // -- showing ---------------------------------------------------------------------------

  /** The page is shown for event `id` (or the first in the queue). */
  async show(id) {
    const returning = !this.active; // shown again after another view: others may have reviewed since
    this.active = true;
    if (returning) await this.loadQueue();
    if (id && id === this.current?.id && !returning) return;
    if (id) await this.open(id);
    else if (this.queue.length) await this.open(this.queue[0].id);
    else this.renderWork();
  }

  hide() { this.active = false; }

  async loadQueue() {
    try {
      const {events, total} = await api.queue(QUEUE_SIZE);
      this.queue = events;
      this.total = total;
    } catch (err) {
      this.say(t("error", {message: err.message}), "error");
    }
    this.knownActors = new Map();
    for (const e of this.queue) for (const a of e.actors || []) if (a.id) this.knownActors.set(a.id, a);
    this.renderQueue();
  }

  renderQueue() {
    this.queueTitle.textContent = t("queue");
    this.queueNote.textContent = this.queue.length
      ? t("queue_count", {n: num(this.total ?? this.queue.length), shown: num(this.queue.length)}) : t("queue_empty");
    this.queueList.setAttribute("aria-label", t("queue"));
    fill(this.queueList, ...this.queue.map((e, i) => {
      const selected = e.id === this.current?.id;
      return h("li", {class: `queue-item${selected ? " selected" : ""}`, role: "option", "aria-selected": String(selected),
        "data-event-id": e.id, "data-index": i, onclick: () => this.open(e.id)},
      h("div", {class: "queue-line"}, swatch(e.event_type), h("span", {class: "queue-date"}, e.event_date || t("none")),
        h("span", {class: "queue-toll num", title: t("field_fatalities")}, num(e.fatalities ?? 0))),
      h("div", {class: "queue-type"}, code(e.sub_event_type)),
      h("div", {class: "queue-place small"}, placeNodes(e.location).length ? placeNodes(e.location) : t("none")),
      h("div", {class: "needs"}, (e.needs || []).map(needChip)));
    }));
    this.queueList.querySelector(".selected")?.scrollIntoView({block: "nearest"});
  }

  /** Open an event: its form, merge panel, trail and evidence. */
  async open(id) {
    const opening = ++this.opening;
    const inQueue = this.queue.findIndex((e) => e.id === id);
    if (inQueue >= 0) this.index = inQueue;
    let event = inQueue >= 0 ? this.queue[inQueue] : null;
    if (!event) {
      try {
        event = await api.event(id);
      } catch (err) {
        if (opening !== this.opening) return;
        this.current = null;
        fill(this.work, h("p", {class: "error", role: "alert"},
          err.status === 404 ? t("event_not_found", {id}) : t("error", {message: err.message})));
        return;
      }
    }
    if (opening !== this.opening) return;
    this.setCurrent(event);
    if (location.hash !== `#/review/${encodeURIComponent(id)}`) history.replaceState(null, "", `#/review/${encodeURIComponent(id)}`);
  }

  setCurrent(event) {
    this.current = event;
    this.reviews = null;
    this.form = null;
    this.renderQueue();
    this.renderWork();
    this.evidence.show(event);
    this.loadTrail(event.id);
  }

  async loadTrail(id) {
    try {
      const {reviews} = await api.reviews(id);
      if (this.current?.id !== id) return;
      this.reviews = reviews;
    } catch (err) {
      if (this.current?.id !== id) return;
      this.reviews = [];
      this.say(t("error", {message: err.message}), "error");
    }
    this.renderTrail();
  }

  renderTrail() {
    const panel = this.work.querySelector(".audit-panel");
    if (!panel) return;
    fill(panel, h("h3", null, t("audit_title")), this.reviews ? auditTrail(this.reviews, this.current?.id) : h("p", {class: "loading"}, t("loading")));
  }

  renderWork() {
    const e = this.current;
    if (!e) {
      fill(this.work, h("p", {class: "empty-note"}, this.queue.length ? t("review_pick") : t("queue_empty")));
      return;
    }
    const reviewer = allows("review");
    const head = h("div", {class: "panel review-head", "data-event-id": e.id},
      h("h2", null, swatch(e.event_type), " ", code(e.sub_event_type), " · ", h("bdi", null, e.event_date || t("none"))),
      h("div", {class: "review-ids"}, h("span", {class: "mono"}, e.id), " ", statusBadge(e.review), " ",
        h("a", {href: `#/event/${encodeURIComponent(e.id)}`, class: "small"}, t("open_event_page"))),
      e.needs?.length ? h("div", {class: "needs"}, e.needs.map(needChip)) : null);
    let body;
    if (reviewer) {
      if (!this.picker) this.picker = new PlacePicker();
      if (!this.form || this.form.event !== e) {
        this.form = new ReviewForm(e, {picker: this.picker, knownActors: this.knownActors || new Map(),
          onAction: (action, fields) => this.act(action, fields), onHover: (keys) => this.evidence.highlight(keys)});
      } else {
        this.form.render();
      }
      this.mergePanel = new MergePanel(e, {queue: this.queue, onMerge: (other) => this.merge(other), onSplit: (docs) => this.split(docs)});
      body = [h("section", {class: "panel form-panel"}, h("h3", null, t("correct_title")), this.form.el), this.mergePanel.el];
    } else {
      this.form = null;
      this.mergePanel = null;
      const user = currentUser();
      body = [h("section", {class: "panel form-panel read-only"}, h("h3", null, t("fields")),
        h("dl", {class: "read-only-fields"}, READ_ONLY_FIELDS.map((f) => h("div", {class: "field", "data-field": f},
          h("dt", null, fieldLabel(f)),
          h("dd", null, fieldValue(f, e[f]), machineNote(e.review, f))))),
        h("p", {class: "login-needed"}, user ? t("review_role_needed", {role: t(`role_${user.role}`)}) : t("review_login_needed")))];
    }
    fill(this.work, head, ...body, h("section", {class: "panel audit-panel"}));
    this.renderTrail();
    if (this.picker && reviewer) this.picker.invalidate();
  }

  // -- writing ---------------------------------------------------------------------------

  say(message, kind = "info") {
    this.message.textContent = message || "";
    this.message.className = `review-status ${kind}`;
    this.message.setAttribute("role", kind === "error" ? "alert" : "status");
  }

  failed(err) {
    refused(err);
    const message = err.status === 403 ? t("review_forbidden", {message: err.message})
      : err.status === 401 ? t("review_unauthorised") : t("error", {message: err.message});
    this.say(message, "error");
    this.form?.note(message, "error");
  }

  /** Confirm, reject, correct (fields) or reopen the current event. */
  async act(action, fields) {
    const e = this.current;
    if (!e || !allows("review") || this.busy) return;
    if (action === "confirm" && this.form && Object.keys(this.form.changes()).length) {
      this.form.note(t("unsaved_edits"), "error"); // confirming would drop them unseen
      return;
    }
    const reason = this.form?.reason() || "";
    this.busy = true;
    let record;
    try {
      record = await api.review(e.id, {action, ...(fields ? {fields} : {}), reason}, apiKey());
    } catch (err) {
      this.failed(err);
      return;
    } finally {
      this.busy = false;
    }
    this.say(t(`done_${action}`, {id: e.id}), "ok");
    const position = this.index;
    await this.loadQueue();
    if (action === "confirm" || action === "reject") {
      // the next event opens: the one that now holds this one's place in the queue
      const next = this.queue[Math.min(position, this.queue.length - 1)];
      this.index = position;
      if (next) await this.open(next.id);
      else { this.current = null; this.renderQueue(); this.renderWork(); }
      return;
    }
    this.index = position;
    this.setCurrent(record);
  }

  async merge(other) {
    const e = this.current;
    if (!e || !allows("review") || this.busy) return;
    this.busy = true;
    let record;
    try {
      record = await api.merge(e.id, other, this.form?.reason() || "", apiKey());
    } catch (err) {
      this.failed(err);
      return;
    } finally {
      this.busy = false;
    }
    this.say(t("done_merge", {a: e.id, b: other, id: record.id}), "ok");
    await this.loadQueue();
    this.setCurrent(record);
    history.replaceState(null, "", `#/review/${encodeURIComponent(record.id)}`);
  }

  async split(docs) {
    const e = this.current;
    if (!e || !allows("review") || this.busy) return;
    this.busy = true;
    let events;
    try {
      ({events} = await api.split(e.id, docs, this.form?.reason() || "", apiKey()));
    } catch (err) {
      this.failed(err);
      return;
    } finally {
      this.busy = false;
    }
    this.say(t("done_split", {id: e.id, n: num(events.length), ids: events.map((x) => x.id).join(", ")}), "ok");
    await this.loadQueue();
    if (events[0]) {
      this.setCurrent(events[0]);
      history.replaceState(null, "", `#/review/${encodeURIComponent(events[0].id)}`);
    }
  }

  // -- the keyboard ----------------------------------------------------------------------

  move(delta) {
    if (!this.queue.length) return;
    const here = this.queue.findIndex((e) => e.id === this.current?.id);
    // an event that left the queue (corrected) stands between the one before and the one now in its place
    const target = here >= 0 ? here + delta : delta > 0 ? this.index : this.index - 1;
    const i = Math.max(0, Math.min(this.queue.length - 1, target));
    if (this.queue[i].id !== this.current?.id) this.open(this.queue[i].id);
  }

  onKey(e) {
    if (!this.active || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Escape") {
      if (!this.help.hidden) this.toggleHelp(false);
      else if (typing(e.target)) e.target.blur();
      return;
    }
    if (typing(e.target)) return;
    if (e.key.startsWith("Arrow") && e.target.closest?.(".leaflet-container")) return; // the map pans
    const reviewer = allows("review");
    const actions = {
      j: () => this.move(+1), ArrowDown: () => this.move(+1), k: () => this.move(-1), ArrowUp: () => this.move(-1),
      "?": () => this.toggleHelp(),
      c: reviewer ? () => this.act("confirm") : null,
      x: reviewer ? () => this.act("reject") : null,
      e: reviewer ? () => this.form?.focus() : null,
      m: reviewer ? () => this.mergePanel?.focus() : null,
    };
    const run = actions[e.key];
    if (!run) return;
    e.preventDefault();
    run();
  }

  toggleHelp(show = this.help.hidden) {
    this.help.hidden = !show;
    if (show) this.help.scrollIntoView({block: "nearest"});
  }

  renderHelp() {
    fill(this.help, h("h3", null, t("keys_title")),
      h("dl", {class: "keys"}, KEYS.map(([keys, label]) => h("div", null,
        h("dt", null, keys.map((k, i) => [i ? " " : null, h("kbd", null, k)])), h("dd", null, t(label))))),
      allows("review") ? null : h("p", {class: "muted small"}, t("keys_reviewers")));
    this.help.setAttribute("aria-label", t("keys_title"));
    this.helpButton.title = t("keys_title");
    this.helpButton.setAttribute("aria-label", t("keys_title"));
  }

  /** The interface language or the login changed: draw again (a form keeps its draft). */
  relabel(work = true) {
    this.renderHelp();
    this.renderQueue();
    if (this.picker) this.picker.relabel();
    if (work) {
      this.renderWork();
      if (this.current) this.evidence.show(this.current, this.evidence.docId);
    }
  }
}
