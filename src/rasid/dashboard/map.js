// The map: an offline basemap of Natural Earth countries (world-atlas TopoJSON) or, when
// configured, a tile server; events as circles coloured by type and sized by fatalities.
// Leaflet is loaded as a classic script (window.L); popups and tooltips get DOM nodes,
// never HTML strings.

import feature from "/vendor/topojson-client/src/feature.js";
import {h, httpUrl} from "./dom.js";
import {code, num, t} from "./i18n.js";
import {swatch, typeColor} from "./colors.js";
import {placeNodes} from "./places.js";

const L = window.L;
const TILES_KEY = "rasid.tiles";
const FINE_ZOOM = 5; // from here the 1:50m countries replace the 1:110m ones

/** A tile URL template from ?tiles=... (remembered) or localStorage; ?tiles=off forgets it. */
export function tileSetting() {
  const fromQuery = new URLSearchParams(location.search).get("tiles");
  try {
    if (fromQuery === "off" || fromQuery === "") localStorage.removeItem(TILES_KEY);
    else if (fromQuery && httpUrl(fromQuery.replace(/\{[a-z]\}/g, "0"))) localStorage.setItem(TILES_KEY, fromQuery);
    const saved = localStorage.getItem(TILES_KEY);
    return saved && httpUrl(saved.replace(/\{[a-z]\}/g, "0")) ? saved : null;
  } catch {
    return fromQuery && fromQuery !== "off" && httpUrl(fromQuery.replace(/\{[a-z]\}/g, "0")) ? fromQuery : null;
  }
}

/** Under a Leaflet map: the configured tile server, or the offline Natural Earth countries
 *  (1:110m, then 1:50m from zoom FINE_ZOOM). A promise of the first basemap drawn. */
export function addBasemap(map) {
  const tiles = tileSetting();
  if (tiles) {
    L.tileLayer(tiles, {maxZoom: 19, attribution: "Map tiles: " + escapeText(new URL(tiles.replace(/\{[a-z]\}/g, "0")).host)})
      .addTo(map);
    return Promise.resolve();
  }
  let drawn = null; // the layer shown and its detail (1 coarse, 2 fine): a late coarse one never replaces a fine one
  let fine = false;
  const draw = async (file, detail) => {
    const response = await fetch(`/vendor/world-atlas/${file}`);
    const topo = await response.json();
    if (drawn && drawn.detail >= detail) return;
    const layer = L.geoJSON(feature(topo, topo.objects.countries), {
      interactive: false,
      style: {color: "#9a968c", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1},
    });
    if (drawn) map.removeLayer(drawn.layer);
    drawn = {layer: layer.addTo(map), detail};
    layer.bringToBack();
  };
  map.attributionControl.addAttribution("Natural Earth (world-atlas)");
  map.on("zoomend", () => {
    if (map.getZoom() >= FINE_ZOOM && !fine) {
      fine = true;
      draw("countries-50m.json", 2).catch((err) => console.error(err));
    }
  });
  return draw("countries-110m.json", 1);
}

export function radius(fatalities) {
  return Math.min(26, 4 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0)));
}

export class EventMap {
  /** admin1Ar(country, admin1): the area's Arabic name (the export's points carry English admin names only). */
  constructor(el, {onOpenEvent, admin1Ar = () => ""}) {
    this.onOpenEvent = onOpenEvent;
    this.admin1Ar = admin1Ar;
    this.map = L.map(el, {minZoom: 2, maxZoom: 14, worldCopyJump: true, zoomSnap: 0.5});
    this.map.attributionControl.setPrefix("Leaflet");
    this.map.setView([30, 40], 4);
    this.markers = L.featureGroup().addTo(this.map);
    this.bboxLayer = null;
    this.fitted = false;
    this.features = [];
    this.basemapReady = addBasemap(this.map);
  }

  /** Draw a GeoJSON FeatureCollection of events (the API's geojson export). */
  setEvents(collection) {
    this.markers.clearLayers();
    this.features = (collection.features || []).filter((f) => f.geometry?.type === "Point");
    // Big circles first, so small ones stay clickable on top.
    const sorted = [...this.features].sort((a, b) => (b.properties.fatalities || 0) - (a.properties.fatalities || 0));
    for (const f of sorted) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const marker = L.circleMarker([lat, lon], {
        radius: radius(p.fatalities),
        color: "#2b2b2b",
        weight: 1,
        fillColor: typeColor(p.event_type),
        fillOpacity: 0.78,
        className: "ev-marker",
      });
      marker.feature = f;
      marker.bindTooltip(() => this.tooltip(p), {direction: "top", sticky: false});
      marker.on("click", () => { marker.closeTooltip(); this.openPopup(marker, lat, lon); });
      marker.addTo(this.markers);
    }
    if (!this.fitted && this.features.length) {
      this.fitEvents();
      this.fitted = true;
    }
    return this.features.length;
  }

  fitEvents() {
    const bounds = this.markers.getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds.pad(0.15), {maxZoom: 9});
  }

  tooltip(p) {
    return h("div", {class: "map-tip"},
      h("strong", null, p.event_date || t("none")), " · ", code(p.sub_event_type || p.event_type),
      h("br"), this.placeName(p),
      h("br"), `${t("fatalities")}: ${num(p.fatalities ?? 0)}`);
  }

  /** A popup listing every event at this point (events often share a town's coordinates). */
  openPopup(marker, lat, lon) {
    const here = this.features.filter((f) => f.geometry.coordinates[1] === lat && f.geometry.coordinates[0] === lon)
      .sort((a, b) => String(b.properties.event_date).localeCompare(String(a.properties.event_date)));
    const list = h("ul", {class: "popup-list"}, here.slice(0, 40).map((f) => {
      const p = f.properties;
      return h("li", null,
        swatch(p.event_type),
        h("a", {href: `#/event/${encodeURIComponent(p.event_id)}`}, `${p.event_date || "?"} · ${code(p.sub_event_type)}`),
        ` · ${num(p.fatalities ?? 0)}`);
    }));
    const box = h("div", {class: "map-popup"}, h("strong", null, this.placeName(here[0]?.properties || {})), list,
      here.length > 40 ? h("p", null, `+${here.length - 40}`) : null);
    marker.unbindPopup();
    marker.bindPopup(box, {maxWidth: 320}).openPopup();
  }

  /** The current view as W,S,E,N (4 decimals). */
  viewBBox() {
    const b = this.map.getBounds();
    const clampLon = (x) => Math.max(-180, Math.min(180, x));
    const clampLat = (y) => Math.max(-90, Math.min(90, y));
    return [clampLon(b.getWest()), clampLat(b.getSouth()), clampLon(b.getEast()), clampLat(b.getNorth())]
      .map((x) => x.toFixed(4)).join(",");
  }

  /** Outline the bbox filter, if any. */
  showBBox(bbox) {
    if (this.bboxLayer) this.map.removeLayer(this.bboxLayer);
    this.bboxLayer = null;
    const parts = String(bbox || "").split(",").map(Number);
    if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) return;
    const [w, s, e, n] = parts;
    this.bboxLayer = L.rectangle([[s, w], [n, e]], {color: "#0b5cad", weight: 1.5, dashArray: "6 4", fill: false,
      interactive: false}).addTo(this.map);
  }

  invalidate() { this.map.invalidateSize(); }

  /** A point's place, admin1 and country in the interface language, each distinct name once. */
  placeName(p) {
    const nodes = placeNodes({name: p.location, name_ar: p.location_ar, admin1: p.admin1,
      admin1_ar: this.admin1Ar(p.country_code, p.admin1), country: p.country_code});
    return nodes.length ? nodes : t("none");
  }
}

function escapeText(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
