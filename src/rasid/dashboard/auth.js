// Logging in with an API key: the header's small login box, the key kept for this tab only
// (sessionStorage, never localStorage), who it belongs to (GET /api/whoami) and whether that
// role may review. Writes send the key as X-API-Key; the server decides, the interface only
// hides what a role cannot do.

import {api} from "./api.js";
import {fill, h} from "./dom.js";
import {t} from "./i18n.js";

const STORAGE_KEY = "rasid.key";
export const ROLES = ["read", "write", "review", "admin"]; // each may do what those before it may

let user = null; // {name, role, key}
const listeners = [];

function saved() {
  try { return sessionStorage.getItem(STORAGE_KEY); } catch { return null; }
}

function remember(key) {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch { /* storage refused: the key lasts until the page is left */ }
}

function changed() {
  for (const fn of listeners) fn(user);
}

/** The logged-in key's owner ({name, role}) or null. */
export function currentUser() { return user ? {name: user.name, role: user.role} : null; }

/** The key to send with a write, or null. */
export function apiKey() { return user?.key ?? null; }

/** Whether the logged-in key may do what `role` may (review by default). */
export function allows(role = "review") {
  return Boolean(user) && ROLES.indexOf(user.role) >= ROLES.indexOf(role);
}

export function onAuthChange(fn) { listeners.push(fn); }

/** Log in with `key`: who it is, from the server; throws the API's error (401 for a bad key). */
export async function logIn(key) {
  const trimmed = String(key || "").trim();
  const who = await api.whoami(trimmed);
  user = {name: who.name, role: who.role, key: trimmed};
  remember(trimmed);
  changed();
  return currentUser();
}

export function logOut() {
  user = null;
  remember(null);
  changed();
}

/** At start: the key this tab logged in with, if the server still knows it. */
export async function restore() {
  const key = saved();
  if (!key) return null;
  try {
    return await logIn(key);
  } catch (err) {
    if (err.status === 401 || err.status === 403) remember(null); // revoked since: forget it
    return null;
  }
}

/** A write failed because of the key (revoked, or a role too low): the interface follows. */
export function refused(err) {
  if (err?.status === 401) logOut();
}

/** The header's login box: a key field and a button, or the reviewer's name, role and log out. */
export class LoginBox {
  constructor(el) {
    this.el = el;
    this.error = "";
    onAuthChange(() => { this.error = ""; this.render(); });
    this.render();
  }

  render() {
    if (user) {
      fill(this.el, h("span", {class: "who", "data-role": user.role},
        h("bdi", {class: "who-name"}, user.name), " · ", h("span", {class: "who-role"}, t(`role_${user.role}`))),
      h("button", {type: "button", class: "logout", onclick: () => logOut()}, t("logout")));
      return;
    }
    const input = h("input", {type: "password", name: "key", class: "login-key", autocomplete: "off", spellcheck: "false",
      dir: "ltr", placeholder: t("login_placeholder"), "aria-label": t("login_key"), required: true});
    const form = h("form", {class: "login", autocomplete: "off"}, input,
      h("button", {type: "submit", class: "login-button"}, t("login")),
      this.error ? h("span", {class: "login-error", role: "alert"}, this.error) : null);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await logIn(input.value);
      } catch (err) {
        this.error = err.status === 401 ? t("login_bad_key") : t("error", {message: err.message});
        this.render();
        this.el.querySelector(".login-key")?.focus();
      }
    });
    fill(this.el, form);
  }
}
