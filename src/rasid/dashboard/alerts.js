// The alerts page (#/alerts): the searches the logged-in key follows (an admin key: everyone's),
// each with its search in words, where its messages go, its Atom feed (copyable), the events it
// selects now, its last deliveries (a dead one can be sent again) and Remove. Also the pieces
// the follow form shows of the alert it made (targets, feed).

import {api} from "./api.js";
import {fill, h} from "./dom.js";
import {code, getLang, num, t} from "./i18n.js";
import {allows, apiKey, currentUser, refused} from "./auth.js";
import {shortTime} from "./audit.js";
import {dashboardHref, searchLine} from "./saved-search.js";

const SHOWN_MATCHES = 5;
const STATUSES = ["pending", "delivered", "dead"];

/** The feed's absolute URL (the API gives a path on this server). */
export function feedUrl(alert) {
  return new URL(alert.feed, location.href).href;
}

/** Put text on the clipboard; false when the browser refused (the field is left selected). */
async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select();
    try { return document.execCommand("copy"); } catch { return false; }
  }
}

/** The feed's URL in a read-only field with Copy and Open, and a note that says when it was copied. */
export function feedField(alert) {
  const url = feedUrl(alert);
  const input = h("input", {type: "text", class: "feed-url mono", readonly: true, dir: "ltr", value: url,
    "aria-label": t("alert_feed"), onfocus: (e) => e.target.select()});
  const note = h("span", {class: "copy-note small", role: "status"});
  const button = h("button", {type: "button", class: "copy-feed", onclick: async () => {
    note.textContent = (await copyText(url, input)) ? t("copied") : t("copy_refused");
  }}, t("copy"));
  return h("div", {class: "feed-field"}, input, button,
    h("a", {class: "button open-feed", href: url, target: "_blank", rel: "noopener noreferrer"}, t("open_feed")), note);
}

/** Where an alert's messages go: the webhook (signed or not), the email, and always the feed. */
export function targetsList(alert) {
  const language = alert.language === "ar" ? "العربية" : "English";
  const digest = alert.digest_minutes ? t("alert_digest_every", {n: num(alert.digest_minutes)}) : t("alert_digest_none");
  return h("dl", {class: "alert-targets"},
    alert.webhook_url ? h("div", {"data-target": "webhook"}, h("dt", null, t("alert_webhook")),
      h("dd", null, h("bdi", {dir: "ltr", class: "mono target-url"}, alert.webhook_url), " ",
        h("span", {class: `badge ${alert.signed ? "signed" : "unsigned"}`, title: t(alert.signed ? "alert_signed_title" : "alert_unsigned_title")},
          t(alert.signed ? "alert_signed" : "alert_unsigned")))) : null,
    alert.email_to ? h("div", {"data-target": "email"}, h("dt", null, t("alert_email")),
      h("dd", null, h("bdi", {dir: "ltr", class: "mono"}, alert.email_to))) : null,
    h("div", {"data-target": "feed"}, h("dt", null, t("alert_feed")), h("dd", null, feedField(alert))),
    h("div", {"data-target": "language"}, h("dt", null, t("alert_messages")),
      h("dd", null, h("span", {lang: alert.language}, language), " · ", digest)));
}

function deliveryBadge(status) {
  const known = STATUSES.includes(status) ? status : "pending";
  return h("span", {class: `badge delivery-${known}`, "data-status": known}, t(`delivery_${known}`));
}

export class AlertsPage {
  constructor(root) {
    this.root = root;
    this.alerts = null;
    this.matches = new Map(); // alert id -> {count, events} | {error}
    this.confirming = null; // the alert whose Remove waits for a yes
    this.loading = 0;
    this.message = h("p", {class: "alerts-status", role: "status", "aria-live": "polite"});
    this.title = h("h2", null);
    this.intro = h("p", {class: "muted small alerts-intro"});
    this.list = h("div", {class: "alert-list"});
    this.el = h("div", {class: "alerts-page"}, h("div", {class: "panel-head"}, this.title), this.intro, this.message, this.list);
    root.replaceChildren(this.el);
  }

  /** The page is shown: load the key's alerts again (deliveries may have been made since). */
  async show() {
    this.say(null);
    this.confirming = null;
    this.matches.clear(); // counted again: events may have come since
    await this.load();
  }

  async load() {
    const loading = ++this.loading;
    if (!apiKey()) {
      this.alerts = null;
      this.render();
      return;
    }
    try {
      const {alerts} = await api.alerts(apiKey());
      if (loading !== this.loading) return;
      this.alerts = alerts;
    } catch (err) {
      if (loading !== this.loading) return;
      this.alerts = [];
      this.failed(err);
    }
    this.render();
    for (const alert of this.alerts || []) this.loadMatches(alert);
  }

  /** The events an alert's search selects now: how many and the newest few (/api/alerts/ID/matches). */
  async loadMatches(alert) {
    const key = apiKey();
    try {
      const {events, total} = await api.alertMatches(alert.id, SHOWN_MATCHES, key);
      this.matches.set(alert.id, {events, count: total ?? null});
    } catch (err) {
      this.matches.set(alert.id, {error: err.message});
    }
    const card = this.list.querySelector(`.alert-card[data-alert-id="${alert.id}"] .alert-matches`);
    if (card) card.replaceWith(this.matchesBlock(alert));
  }

  /** A message over the list: a string key and its values (said again in the other language). */
  say(key, vars = {}, kind = "info") {
    this.said = key ? {key, vars, kind} : null;
    const message = key ? t(key, vars) : "";
    this.message.textContent = message;
    this.message.className = `alerts-status ${kind}`;
    this.message.setAttribute("role", kind === "error" ? "alert" : "status");
  }

  failed(err) {
    refused(err);
    if (err.status === 403) this.say("alerts_forbidden", {message: err.message}, "error");
    else if (err.status === 401) this.say("review_unauthorised", {}, "error");
    else this.say("error", {message: err.message}, "error");
  }

  render() {
    this.title.textContent = t("alerts_title");
    const user = currentUser();
    if (!user) {
      this.intro.textContent = t("alerts_intro");
      fill(this.list, h("p", {class: "login-needed"}, t("alerts_login_needed")));
      return;
    }
    this.intro.textContent = user.role === "admin" ? t("alerts_intro_admin") : t("alerts_intro");
    if (this.alerts == null) {
      fill(this.list, h("p", {class: "loading"}, t("loading")));
      return;
    }
    const writer = allows("write");
    fill(this.list,
      writer ? null : h("p", {class: "login-needed"}, t("alerts_role_needed", {role: t(`role_${user.role}`)})),
      this.alerts.length ? this.alerts.map((a) => this.card(a, writer))
        : h("p", {class: "empty-note alerts-empty"}, t("alerts_none"), " ",
          writer ? h("a", {href: "#/"}, t("alerts_follow_hint")) : null));
  }

  card(alert, writer) {
    const mine = alert.owner === currentUser()?.name;
    const map = dashboardHref(alert.search);
    return h("article", {class: "panel alert-card", "data-alert-id": alert.id},
      h("div", {class: "alert-head"},
        h("h3", {class: "alert-name"}, h("bdi", null, alert.name)),
        h("span", {class: "muted small"}, mine ? null : [t("alert_owner"), " ", h("bdi", {class: "alert-owner"}, alert.owner), " · "],
          t("alert_since", {at: shortTime(alert.created_at)})),
        writer ? this.removeBox(alert) : null),
      h("p", {class: "alert-search"}, h("span", {class: "muted"}, `${t("alert_follows")} `), searchLine(alert.search),
        map ? [" ", h("a", {href: map, class: "small show-on-map"}, t("alert_show_on_map"))] : null),
      targetsList(alert),
      this.matchesBlock(alert),
      this.deliveries(alert, writer));
  }

  removeBox(alert) {
    if (this.confirming !== alert.id) {
      return h("button", {type: "button", class: "remove-alert", onclick: () => {
        this.confirming = alert.id;
        this.render();
        this.list.querySelector(`.alert-card[data-alert-id="${alert.id}"] .remove-yes`)?.focus();
      }}, t("alert_remove"));
    }
    return h("span", {class: "remove-confirm", role: "group"}, h("span", null, t("alert_remove_sure")), " ",
      h("button", {type: "button", class: "remove-yes", onclick: () => this.remove(alert)}, t("alert_remove_yes")), " ",
      h("button", {type: "button", class: "remove-no", onclick: () => { this.confirming = null; this.render(); }}, t("cancel")));
  }

  matchesBlock(alert) {
    const found = this.matches.get(alert.id);
    const head = h("span", {class: "muted"}, `${t("alert_selects_now")} `);
    if (!found) return h("div", {class: "alert-matches"}, head, h("span", {class: "loading"}, t("loading")));
    if (found.error) return h("div", {class: "alert-matches"}, head, h("span", {class: "error"}, t("error", {message: found.error})));
    // the count from /api/stats; without it, what /matches gave (it may hold more than shown)
    const count = found.count ?? found.events.length;
    const more = found.count == null && found.events.length >= SHOWN_MATCHES ? "+" : "";
    return h("div", {class: "alert-matches", "data-count": count},
      head, h("strong", {class: "match-count"}, t("n_events", {n: num(count) + more})),
      found.events.length ? h("details", {class: "match-list"},
        h("summary", null, t("alert_newest", {n: num(found.events.length)})),
        h("ul", null, found.events.map((e) => h("li", null,
          h("a", {href: `#/event/${encodeURIComponent(e.id)}`, class: "mono"}, e.id), " · ",
          h("bdi", null, e.event_date || t("none")), " · ", code(e.sub_event_type),
          e.location?.name ? [" · ", h("bdi", null, (getLang() === "ar" && e.location.name_ar) || e.location.name)] : null,
          e.fatalities ? [" · ", t("killed_n", {n: num(e.fatalities)})] : null)))) : null);
  }

  deliveries(alert, writer) {
    const rows = alert.last_deliveries || [];
    return h("section", {class: "alert-deliveries"}, h("h4", null, t("alert_last_deliveries")),
      rows.length ? h("div", {class: "table-wrap"}, h("table", {class: "deliveries"},
        h("thead", null, h("tr", null, ["delivery_status", "delivery_channel", "delivery_kind", "delivery_event",
          "delivery_attempts", "delivery_when", "delivery_error", null].map((k) => h("th", null, k ? t(k) : "")))),
        h("tbody", null, rows.map((d) => h("tr", {class: "delivery", "data-delivery-id": d.id, "data-status": d.status},
          h("td", null, deliveryBadge(d.status)),
          h("td", {"data-channel": d.channel}, t(`channel_${d.channel}`)),
          h("td", null, t(`kind_${d.kind}`)),
          h("td", null, h("a", {href: `#/event/${encodeURIComponent(d.event_id)}`, class: "mono"}, d.event_id)),
          h("td", {class: "num"}, num(d.attempts)),
          h("td", null, h("time", {class: "mono small", dir: "ltr", datetime: d.delivered_at || d.next_at || ""},
            shortTime(d.status === "delivered" ? d.delivered_at : d.next_at)),
          d.status === "pending" && d.attempts ? h("span", {class: "muted small"}, ` ${t("delivery_next_try")}`) : null),
          h("td", {class: "delivery-error"}, d.last_error ? h("bdi", {dir: "ltr", class: "small"}, d.last_error) : null),
          h("td", null, d.status === "dead" && writer
            ? h("button", {type: "button", class: "retry", onclick: () => this.retry(d)}, t("delivery_retry")) : null)))))
      ) : h("p", {class: "muted small no-deliveries"}, t("alert_no_deliveries")));
  }

  async remove(alert) {
    try {
      await api.removeAlert(alert.id, apiKey());
    } catch (err) {
      this.failed(err);
      return;
    }
    this.confirming = null;
    this.matches.delete(alert.id);
    this.alerts = (this.alerts || []).filter((a) => a.id !== alert.id);
    this.say("alert_removed", {name: alert.name}, "ok");
    this.render();
    await this.load();
  }

  async retry(delivery) {
    try {
      await api.retryDelivery(delivery.id, apiKey());
    } catch (err) {
      this.failed(err);
      return;
    }
    this.say("delivery_retried", {id: delivery.id}, "ok");
    await this.load();
  }

  /** The interface language or the login changed. */
  relabel() {
    if (this.said) this.say(this.said.key, this.said.vars, this.said.kind);
    this.render();
  }

  async authChanged() {
    this.matches.clear();
    this.say(null);
    await this.load();
  }
}
