// Article text with marked spans. The API's offsets count Unicode code points (Python str
// indices); JavaScript strings count UTF-16 units, so an emoji before a span would shift it
// by one unit per astral character. Offsets are converted before slicing.

import {h} from "./dom.js";

/** A function from code-point offset to UTF-16 offset for `text` (clamped to its length). */
export function codePointToUtf16(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) {
    return (i) => Math.max(0, Math.min(i, text.length));
  }
  const map = [];
  let unit = 0;
  for (const ch of text) {
    map.push(unit);
    unit += ch.length;
  }
  map.push(unit);
  return (i) => map[Math.max(0, Math.min(i, map.length - 1))];
}

/**
 * Render `text` into `container`, with spans = [{id, start, end, classes: [...]}] in
 * code-point offsets. Overlapping spans are fine: the text is cut at every span edge and
 * each piece is one element carrying the ids of all the spans covering it.
 * Returns a Map from span id to its elements. Text only ever enters as text nodes.
 */
export function renderSpans(container, text, spans) {
  const toUnit = codePointToUtf16(text);
  const cut = spans
    .map((sp) => ({...sp, a: toUnit(sp.start), b: toUnit(sp.end)}))
    .filter((sp) => sp.b > sp.a);
  const edges = new Set([0, text.length]);
  for (const sp of cut) {
    edges.add(sp.a);
    edges.add(sp.b);
  }
  const points = [...edges].sort((x, y) => x - y);
  const byId = new Map(cut.map((sp) => [sp.id, []]));
  const frag = document.createDocumentFragment();
  cut.sort((x, y) => x.a - y.a);
  let first = 0; // spans before this index end before the current piece
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const piece = text.slice(a, b);
    while (first < cut.length && cut[first].b <= a && cut[first].a <= a) first++;
    const covering = [];
    for (let j = first; j < cut.length && cut[j].a <= a; j++) {
      if (cut[j].b >= b) covering.push(cut[j]);
    }
    if (!covering.length) {
      frag.append(document.createTextNode(piece));
      continue;
    }
    const classes = new Set(["seg"]);
    for (const sp of covering) for (const c of sp.classes) classes.add(c);
    const el = h("span", {class: [...classes].join(" "), "data-spans": covering.map((sp) => sp.id).join(" ")}, piece);
    for (const sp of covering) byId.get(sp.id).push(el);
    frag.append(el);
  }
  container.replaceChildren(frag);
  return byId;
}
