// DOM building without markup strings: every value goes in as a text node or a property,
// so text from articles (untrusted) can never become elements or scripts.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function setAttrs(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(el.dataset, value);
    } else if (name === "href") {
      const url = safeHref(value);
      if (url) el.setAttribute("href", url);
    } else if (name === "style" || name === "innerHTML" || name === "srcdoc") {
      throw new Error(`dom.js does not set ${name}`);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

/** An HTML element: h("a", {href, class}, "text", child, ...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An http(s) URL as a string, or null: other schemes (javascript:, data:) never become links. */
export function httpUrl(value) {
  if (typeof value !== "string" || !value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Links the app makes itself (#/..., /api/...) or http(s) URLs; anything else is dropped. */
function safeHref(value) {
  const str = String(value);
  if (str.startsWith("#") || (str.startsWith("/") && !str.startsWith("//"))) return str;
  return httpUrl(str);
}

/** Replace an element's children, as h() takes them (null and false are left out, values go in as text). */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function $(selector, root = document) { return root.querySelector(selector); }
export function $$(selector, root = document) { return [...root.querySelectorAll(selector)]; }

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
