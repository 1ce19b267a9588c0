// Place names for display: the place and its admin areas in the interface language, each
// distinct level once. Places are often the seat of their district and province (Aleppo in
// Jebel Saman in Aleppo), and gazetteer names carry their province in brackets
// ("al-Jufaynah (Ma'rib)"), so a plain join repeats names.

import {h} from "./dom.js";
import {countryName, getLang} from "./i18n.js";

export const ADMIN_LEVELS = ["admin1", "admin2", "admin3"];

/** A name compared loosely: case, diacritics, apostrophes and hyphens do not count (Ta'iz = Taiz). */
function nameKey(name) {
  return String(name).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Keys a name stands for: itself and what it holds in brackets. */
function keysOf(name) {
  const inBrackets = [...String(name).matchAll(/\(([^)]*)\)/g)].map((m) => m[1]);
  return [name, ...inBrackets].map(nameKey);
}

/** The non-empty names, each once: a name already given (or given in brackets) is dropped. */
export function distinctNames(names) {
  const seen = new Set();
  const kept = [];
  for (const name of names) {
    if (!name || seen.has(nameKey(name))) continue;
    kept.push(name);
    for (const key of keysOf(name)) seen.add(key);
  }
  return kept;
}

/** The place's own name in the interface language (the other language when it has none). */
export function placeName(loc) {
  if (!loc) return "";
  return getLang() === "ar" ? loc.name_ar || loc.name || "" : loc.name || loc.name_ar || "";
}

/** The place's name in the other language, when it differs. */
export function placeOtherName(loc) {
  const other = getLang() === "ar" ? loc?.name : loc?.name_ar;
  return other && other !== placeName(loc) ? other : "";
}

/** An admin area's name in the interface language: the API gives `admin1_ar` etc. beside `admin1`. */
export function adminName(loc, level) {
  if (!loc?.[level]) return "";
  return getLang() === "ar" ? loc[`${level}_ar`] || loc[level] : loc[level];
}

/** The admin areas from the largest down, each distinct name once (a district named after its province once). */
export function adminNames(loc) {
  return distinctNames(ADMIN_LEVELS.map((level) => adminName(loc, level)));
}

/** "place · admin1 · country" in the interface language, each distinct name once. */
export function placeLine(loc) {
  if (!loc) return [];
  return distinctNames([placeName(loc), adminName(loc, "admin1"), loc.country ? countryName(loc.country) : ""]);
}

/** placeLine as nodes, the place's other-language name in brackets, each name in a <bdi> so
 *  Arabic and Latin names keep their order in either direction. */
export function placeNodes(loc) {
  const [place, ...rest] = placeLine(loc);
  if (!place) return [];
  const other = placeOtherName(loc);
  return [h("bdi", null, place), other ? [" (", h("bdi", null, other), ")"] : null,
    rest.map((name) => [" · ", h("bdi", null, name)])];
}
