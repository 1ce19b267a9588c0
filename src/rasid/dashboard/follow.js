// "Follow this search": a small dialog over the events view that saves the dashboard's filters
// as an alert (POST /api/alerts, a key with the write role, which then owns it). The filters are
// shown read-only as the saved search's parameters; the dates are left out, and it says so. It
// asks for a name (by default the filters in words), an optional webhook (and its signing
// secret), an email, the messages' language and a digest period; then shows the new alert
// and its Atom feed.

import {api} from "./api.js";
import {fill, h} from "./dom.js";
import {getLang, t} from "./i18n.js";
import {apiKey, refused} from "./auth.js";
import {searchFromFilters, searchList, searchSummary} from "./saved-search.js";
import {targetsList} from "./alerts.js";

const MAX_NAME = 200; // the API's limit
const MAX_DIGEST = 7 * 24 * 60;

function field(label, input, hint) {
  return h("label", {class: "form-label"}, h("span", null, label), input, hint ? h("small", {class: "muted"}, hint) : null);
}

export class FollowDialog {
  constructor() {
    this.el = h("dialog", {class: "follow-dialog panel", "aria-labelledby": "follow-title"});
    this.el.addEventListener("close", () => { this.busy = false; });
    document.body.append(this.el);
  }

  /** Open the form for the dashboard's `filters` (its filter keys, as in the URL). */
  open(filters) {
    this.created = null;
    this.busy = false;
    const {search, left} = searchFromFilters(filters);
    this.search = search;
    this.left = left;
    this.renderForm();
    this.el.showModal();
    this.el.querySelector("input[name='name']")?.select();
  }

  close() { this.el.close(); }

  renderForm() {
    const datesLeft = this.left.date_from || this.left.date_to;
    const name = h("input", {type: "text", name: "name", required: true, maxlength: MAX_NAME,
      value: searchSummary(this.search).slice(0, MAX_NAME)});
    const webhook = h("input", {type: "url", name: "webhook_url", dir: "ltr", placeholder: "https://…", spellcheck: "false",
      autocomplete: "off"});
    const secret = h("input", {type: "password", name: "webhook_secret", autocomplete: "new-password", dir: "ltr"});
    const email = h("input", {type: "text", name: "email_to", dir: "ltr", placeholder: "desk@example.org", spellcheck: "false",
      autocomplete: "off"});
    const language = h("select", {name: "language"},
      h("option", {value: "en", lang: "en", selected: getLang() === "en" || null}, "English"),
      h("option", {value: "ar", lang: "ar", selected: getLang() === "ar" || null}, "العربية"));
    const digest = h("input", {type: "number", name: "digest_minutes", min: 0, max: MAX_DIGEST, step: 1, value: 0,
      inputmode: "numeric"});
    this.note = h("p", {class: "form-note", role: "status"});
    const form = h("form", {class: "follow-form", novalidate: true, autocomplete: "off"},
      h("h2", {id: "follow-title"}, t("follow_title")),
      field(t("follow_name"), name),
      h("div", {class: "follow-search"}, h("span", {class: "form-label-text"}, t("follow_search")), searchList(this.search),
        h("p", {class: "muted small dates-note"}, datesLeft
          ? t("follow_dates_left", {from: this.left.date_from || "…", to: this.left.date_to || "…"}) : t("follow_no_dates"))),
      h("fieldset", {class: "follow-targets"}, h("legend", null, t("follow_where")),
        field(t("alert_webhook"), webhook, t("follow_webhook_hint")),
        field(t("follow_secret"), secret, t("follow_secret_hint")),
        field(t("alert_email"), email, t("follow_email_hint")),
        h("p", {class: "muted small"}, t("follow_feed_hint"))),
      h("div", {class: "form-pair"}, field(t("follow_language"), language), field(t("follow_digest"), digest, t("follow_digest_hint"))),
      this.note,
      h("div", {class: "form-buttons"},
        h("button", {type: "submit", class: "primary follow-submit"}, t("follow_submit")),
        h("button", {type: "button", class: "follow-cancel", onclick: () => this.close()}, t("cancel"))));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.submit(form); });
    fill(this.el, form);
  }

  /** What the form asks for, or a message saying what is wrong with it. */
  read(form) {
    const value = (n) => form.elements[n].value.trim();
    const body = {name: value("name"), search: this.search, language: value("language") === "ar" ? "ar" : "en",
      digest_minutes: Number(value("digest_minutes") || 0)};
    if (!body.name) return {error: t("follow_need_name")};
    if (value("webhook_url")) {
      if (!/^https?:\/\/\S+$/i.test(value("webhook_url"))) return {error: t("follow_bad_webhook")};
      body.webhook_url = value("webhook_url");
      if (form.elements.webhook_secret.value) body.webhook_secret = form.elements.webhook_secret.value;
    }
    if (value("email_to")) body.email_to = value("email_to");
    if (!Number.isInteger(body.digest_minutes) || body.digest_minutes < 0 || body.digest_minutes > MAX_DIGEST) {
      return {error: t("follow_bad_digest", {max: MAX_DIGEST})};
    }
    return {body};
  }

  async submit(form) {
    if (this.busy) return;
    const {body, error} = this.read(form);
    if (error) {
      this.say(error, "error");
      return;
    }
    this.busy = true;
    this.say(t("loading"));
    try {
      this.created = await api.addAlert(body, apiKey());
    } catch (err) {
      refused(err);
      this.say(err.status === 403 ? t("alerts_forbidden", {message: err.message})
        : err.status === 401 ? t("review_unauthorised") : t("follow_refused", {message: err.message}), "error");
      return;
    } finally {
      this.busy = false;
    }
    this.renderCreated();
  }

  say(message, kind = "info") {
    this.note.textContent = message;
    this.note.className = `form-note ${kind}`;
    this.note.setAttribute("role", kind === "error" ? "alert" : "status");
  }

  renderCreated() {
    const a = this.created;
    fill(this.el, h("div", {class: "follow-done", "data-alert-id": a.id},
      h("h2", {id: "follow-title"}, t("follow_done_title")),
      h("p", {class: "follow-done-name"}, `${t("follow_done")} `, h("bdi", {class: "alert-name"}, a.name)),
      searchList(a.search),
      targetsList(a),
      h("p", {class: "muted small"}, t("follow_done_hint")),
      h("div", {class: "form-buttons"},
        h("a", {class: "button see-alerts", href: "#/alerts", onclick: () => this.close()}, t("follow_see_alerts")),
        h("button", {type: "button", class: "follow-close", onclick: () => this.close()}, t("close")))));
    this.el.querySelector(".copy-feed")?.focus();
  }
}
