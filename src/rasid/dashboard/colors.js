// One colour per ACLED event type (Okabe–Ito based, readable by colour-blind analysts),
// shared by the map, the timeline and the legends.

import {h} from "./dom.js";

export const TYPE_COLORS = {
  "Battles": "#D55E00",
  "Explosions/Remote violence": "#E69F00",
  "Violence against civilians": "#CC79A7",
  "Protests": "#009E73",
  "Riots": "#8C564B",
  "Strategic developments": "#0072B2",
  "Displacement": "#56B4E9",
};
export const OTHER_COLOR = "#7F7F7F";

export function typeColor(type) { return TYPE_COLORS[type] ?? OTHER_COLOR; }

/** A small square in the type's colour (set through CSSOM, which the CSP allows). */
export function swatch(type) {
  const el = h("span", {class: "swatch", "aria-hidden": "true"});
  el.style.backgroundColor = typeColor(type);
  return el;
}
