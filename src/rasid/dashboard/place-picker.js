// Choosing an event's place: search the gazetteer by name (Arabic or English), or click the
// map, which offers the nearest gazetteer places and the clicked point itself. One picker
// (one Leaflet map) serves every event the review page opens.

import {api} from "./api.js";
import {debounce, fill, h} from "./dom.js";
import {num, t} from "./i18n.js";
import {addBasemap} from "./map.js";
import {placeNodes} from "./places.js";

const L = window.L;

/** A gazetteer place as a location value for a review: by its id. */
export const placeValue = (place) => ({place_id: place.place_id});

/** A clicked point as a location value: its coordinates (5 decimals, about a metre) and a name. */
export const pointValue = (lat, lon, name) => ({lat: Number(lat.toFixed(5)), lon: Number(lon.toFixed(5)), ...(name ? {name} : {})});

export class PlacePicker {
  constructor() {
    this.search = h("input", {type: "search", class: "place-search", name: "place_q", autocomplete: "off",
      "aria-label": t("place_search")});
    this.results = h("ul", {class: "place-results", "aria-live": "polite"});
    this.nearest = h("div", {class: "place-nearest", "aria-live": "polite"});
    this.mapEl = h("div", {class: "pick-map", dir: "ltr"});
    this.hint = h("p", {class: "muted small pick-hint"});
    this.el = h("div", {class: "place-picker"}, this.search, this.results, this.hint, this.mapEl, this.nearest);
    this.search.addEventListener("input", debounce(() => this.find(this.search.value), 300));
    this.search.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); this.find(this.search.value); } });
    this.map = L.map(this.mapEl, {minZoom: 2, maxZoom: 16, worldCopyJump: true, zoomSnap: 0.5});
    this.map.attributionControl.setPrefix("Leaflet");
    this.map.setView([30, 40], 4);
    addBasemap(this.map).catch((err) => console.error(err));
    this.layer = L.featureGroup().addTo(this.map);
    this.map.on("click", (e) => this.pickPoint(e.latlng.lat, e.latlng.lng));
    this.onPick = () => {};
    this.controller = null;
  }

  /** Show the picker for an event at `location` (or none); `onPick({value, place})` takes a choice. */
  show(location, onPick) {
    this.onPick = onPick;
    this.location = location;
    this.controller?.abort();
    this.search.value = "";
    fill(this.results);
    fill(this.nearest);
    this.relabel();
    this.layer.clearLayers();
    this.chosen = null;
    if (location?.lat != null) {
      L.circleMarker([location.lat, location.lon], {radius: 8, color: "#5f6368", weight: 2, fillOpacity: 0.15,
        className: "pick-current", interactive: false}).addTo(this.layer);
      this.map.setView([location.lat, location.lon], (location.geo_precision ?? 3) <= 1 ? 10 : 8, {animate: false});
    }
    requestAnimationFrame(() => this.map.invalidateSize());
  }

  relabel() {
    this.search.placeholder = t("place_search");
    this.search.setAttribute("aria-label", t("place_search"));
    this.hint.textContent = t("pick_hint");
  }

  invalidate() { this.map.invalidateSize(); }

  request() {
    this.controller?.abort();
    this.controller = new AbortController();
    return this.controller.signal;
  }

  async find(q) {
    const text = q.trim();
    if (text.length < 2) { fill(this.results); return; }
    const signal = this.request();
    try {
      const {places} = await api.places(text, {signal});
      fill(this.results, ...(places.length ? places.map((p) => this.placeItem(p, "result"))
        : [h("li", {class: "muted"}, t("place_none_found"))]));
    } catch (err) {
      if (err.name !== "AbortError") fill(this.results, h("li", {class: "error"}, t("error", {message: err.message})));
    }
  }

  async pickPoint(lat, lon) {
    this.mark(lat, lon, "pick-point");
    const signal = this.request();
    fill(this.nearest, h("p", {class: "muted small"}, t("loading")));
    let places = [];
    let failure = null;
    try {
      ({places} = await api.nearestPlaces(lat.toFixed(5), lon.toFixed(5), {signal}));
    } catch (err) {
      if (err.name === "AbortError") return;
      failure = err;
    }
    const name = h("input", {type: "text", class: "point-name", name: "point_name", placeholder: t("point_name"),
      "aria-label": t("point_name")});
    const usePoint = h("button", {type: "button", class: "use-point", "data-lat": lat.toFixed(5), "data-lon": lon.toFixed(5),
      onclick: () => this.choose({value: pointValue(lat, lon, name.value.trim()), place: {name: name.value.trim(), lat, lon}})},
    t("use_point", {lat: lat.toFixed(4), lon: lon.toFixed(4)}));
    fill(this.nearest,
      h("h5", null, t("nearest_places")),
      failure ? h("p", {class: "error"}, t("error", {message: failure.message})) : null,
      h("ul", {class: "place-results nearest-list"}, places.length ? places.map((p) => this.placeItem(p, "nearest"))
        : failure ? null : h("li", {class: "muted"}, t("place_none_found"))),
      h("div", {class: "point-row"}, usePoint, name));
    for (const p of places) {
      if (p.lat != null) {
        L.circleMarker([p.lat, p.lon], {radius: 5, color: "#009e73", weight: 2, fillOpacity: 0.5, className: "pick-place"})
          .bindTooltip(h("span", null, placeNodes(p)))
          .on("click", (e) => { L.DomEvent.stopPropagation(e); this.choose({value: placeValue(p), place: p}); })
          .addTo(this.layer);
      }
    }
  }

  /** One gazetteer place as a list item with a button that chooses it. */
  placeItem(p, kind) {
    const facts = [p.kind, p.pcode, p.distance_km != null ? t("distance_km", {km: num(Number(p.distance_km.toFixed(1)))}) : null]
      .filter(Boolean).join(" · ");
    return h("li", {class: `place-item ${kind}`, "data-place-id": p.place_id},
      h("button", {type: "button", class: "use-place", "data-place-id": p.place_id,
        onclick: () => this.choose({value: placeValue(p), place: p})}, t("use_place")),
      " ", h("span", {class: "place-name"}, placeNodes(p)), facts ? h("small", {class: "muted"}, ` · ${facts}`) : null);
  }

  mark(lat, lon, className) {
    for (const layer of this.layer.getLayers()) {
      if (layer.options.className !== "pick-current") this.layer.removeLayer(layer);
    }
    L.circleMarker([lat, lon], {radius: 7, color: "#0b5cad", weight: 3, fillOpacity: 0.35, className, interactive: false})
      .addTo(this.layer);
  }

  choose(choice) {
    const {place} = choice;
    if (place?.lat != null) this.mark(place.lat, place.lon, "pick-chosen");
    this.onPick(choice);
  }
}
