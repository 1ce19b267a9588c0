// An event's review as people read it: the status badge, the machine's value where a reviewer
// corrected it ("machine says …"), why the queue puts an event before a person, and the audit
// trail (every review, oldest first: what changed from what to what, who, when, why).

import {api} from "./api.js";
import {h} from "./dom.js";
import {bilingual, code, flagName, getLang, num, t, vocab} from "./i18n.js";
import {placeNodes} from "./places.js";

export const STATUSES = ["machine", "confirmed", "corrected", "rejected"];
const ACTIONS = ["confirm", "correct", "reject", "reopen", "merge", "split", "carry_over"]; // the trail's actions with a label

const FIELD_LABELS = {
  event_type: "field_type", sub_event_type: "field_sub_type", event_date: "field_date",
  time_precision: "field_time_precision", location: "field_location", actors: "field_actors",
  fatalities: "field_fatalities", claims: "claims", review_status: "field_review_status", from_event: "field_from_event",
  merged: "field_merged", events: "field_events",
};

export function fieldLabel(field) {
  return FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field;
}

/** The review status as a small badge; its title says who reviewed and when. */
export function statusBadge(review) {
  const status = STATUSES.includes(review?.status) ? review.status : "machine";
  const title = review?.by ? t("reviewed_by", {name: review.by, at: shortTime(review.at)}) : t("status_machine_title");
  return h("span", {class: `badge review-${status}`, "data-status": status, title}, t(`status_${status}`));
}

export function shortTime(iso) {
  return iso ? String(iso).slice(0, 16).replace("T", " ") : "";
}

/** A field's value for display (the API's form of it: codes, a location record, actor records). */
export function fieldValue(field, value) {
  if (value == null || value === "" || (Array.isArray(value) && !value.length)) return t("none");
  switch (field) {
    case "event_type":
    case "sub_event_type":
      return code(value);
    case "time_precision":
      return t(`precision_${value}`);
    case "fatalities":
      return num(value);
    case "review_status":
      return t(`status_${value}`);
    case "location": {
      const nodes = placeNodes(value);
      if (nodes.length) return h("span", null, nodes);
      return value.lat != null ? h("span", {class: "mono", dir: "ltr"}, `${Number(value.lat).toFixed(4)}, ${Number(value.lon).toFixed(4)}`)
        : t("none");
    }
    case "actors":
      return h("span", null, value.map((a, i) => [i ? "; " : null,
        h("bdi", null, typeof a === "string" ? a : bilingual(a.name, a.name_ar) || a.id || "?")]));
    case "claims": // {key: {claimant, claimant_type, modality}}; a key ends in :kind:figure
      return h("span", null, Object.entries(value).map(([key, fix], i) => {
        const [, kind, figure] = key.match(/:([a-z_]+):(\d+)$/) || [];
        return [i ? "; " : null, h("span", {title: key}, kind ? `${vocab(kind)} ${num(Number(figure))}` : key), ": ",
          Object.entries(fix || {}).map(([f, v], j) => [j ? ", " : null, `${t(`claim_${f}`)} `,
            h("bdi", null, f === "claimant" ? v || t("none") : vocab(v))])];
      }));
    default:
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) return h("span", {class: "mono"}, value.join(" + "));
      return typeof value === "object" ? JSON.stringify(value) : String(value);
  }
}

/** "machine says: X" beside a corrected field, or null when the machine agrees (or was not asked). */
export function machineNote(review, ...fields) {
  const machine = review?.machine || {};
  const differing = fields.filter((f) => Object.prototype.hasOwnProperty.call(machine, f));
  if (!differing.length) return null;
  return h("small", {class: "machine-says", "data-fields": differing.join(" ")}, t("machine_says"), " ",
    differing.map((f, i) => [i ? " · " : null, fieldValue(f, machine[f])]));
}

/** "machine says: claimant X · modality Y" beside a corrected claim (by its key), or null. */
export function claimMachineNote(review, key) {
  const said = review?.machine?.claims?.[key];
  if (!said || !Object.keys(said).length) return null;
  return h("small", {class: "machine-says", "data-claim": key}, t("machine_says"), " ",
    Object.entries(said).map(([f, v], i) => [i ? " · " : null, `${t(`claim_${f}`)}: `,
      h("bdi", null, f === "claimant" ? v || t("none") : vocab(v))]));
}

/** Why the queue holds an event ({code, detail, ...} from the API), in the interface language. */
export function needLabel(need) {
  switch (need.code) {
    case "flagged": return t("need_flagged", {code: flagName(need.flag)});
    case "large_toll": return t("need_toll", {n: num(Number(need.value))});
    case "unknown_actor": return t("need_actor", {name: need.name || ""});
    default: return NEED_STRINGS[need.code] ? t(NEED_STRINGS[need.code]) : need.detail || need.code;
  }
}

const NEED_STRINGS = {
  unknown_place: "need_place", no_place: "need_no_place", coarse_place: "need_coarse_place",
  coarse_date: "need_coarse_date", no_date: "need_no_date",
};
const NEED_KINDS = {
  flagged: "flag", large_toll: "toll", unknown_actor: "actor", unknown_place: "place", no_place: "place",
  coarse_place: "place", coarse_date: "date", no_date: "date",
};

/** A need as a small coloured label; its title gives the API's own words. */
export function needChip(need) {
  return h("span", {class: `need need-${NEED_KINDS[need.code] || "other"}`, title: need.detail || need.code},
    needLabel(need));
}

/** The audit trail: an ordered list, oldest first, each review with its changes; a review of
 *  another event than `id` (one it was merged or renamed from) names that event. */
export function auditTrail(reviews, id = null) {
  if (!reviews.length) return h("p", {class: "muted audit-empty"}, t("audit_empty"));
  return h("ol", {class: "audit"}, reviews.map((r) => {
    const changes = Object.entries(r.changes || {});
    return h("li", {class: `audit-entry action-${r.action}`, "data-action": r.action},
      h("div", {class: "audit-head"},
        h("strong", {class: "audit-action"}, ACTIONS.includes(r.action) ? t(`action_${r.action}`) : r.action),
        " · ", h("bdi", {class: "audit-reviewer"}, r.reviewer || t("unknown")),
        " · ", h("time", {class: "mono small", dir: "ltr", datetime: r.at || ""}, shortTime(r.at)),
        id && r.event_id && r.event_id !== id ? [" · ", h("span", {class: "mono small audit-event"}, r.event_id)] : null),
      r.reason ? h("div", {class: "audit-reason"}, `${t("audit_reason")}: `, h("bdi", null, r.reason)) : null,
      changes.length ? h("ul", {class: "audit-changes small"}, changes.map(([field, pair]) => {
        const [before, after] = Array.isArray(pair) ? pair : [null, pair];
        return h("li", {"data-field": field}, h("span", {class: "muted"}, `${fieldLabel(field)}: `),
          h("span", {class: "audit-old"}, fieldValue(field, before)), getLang() === "ar" ? " ← " : " → ",
          h("span", {class: "audit-new"}, fieldValue(field, after)));
      })) : null);
  }));
}
