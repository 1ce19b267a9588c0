// The rasid API: filters as query strings, JSON fetches with the API's one error shape.

export const FILTER_KEYS = ["date_from", "date_to", "type", "sub_type", "country", "admin1", "actor",
  "min_fatalities", "q", "bbox"];
export const EXPORT_FORMATS = ["acled-csv", "ucdp-csv", "geojson", "parquet", "hxl-csv", "jsonl", "xlsx"];
export const SORTS = ["-date", "date", "-fatalities", "fatalities", "-updated", "updated"];

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** URLSearchParams of the filters that are set, plus extra parameters. */
export function params(filters, extra = {}) {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value != null && String(value).trim() !== "") p.set(key, String(value).trim());
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value != null && value !== "") p.set(key, String(value));
  }
  return p;
}

export async function getJSON(path, {signal} = {}) {
  let response;
  try {
    response = await fetch(path, {signal, headers: {Accept: "application/json"}});
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, `${path}: ${err.message}`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    if (err.name === "AbortError") throw err; // aborted while reading: a stale request, not bad JSON
    body = null;
  }
  if (!response.ok) {
    const message = body?.error?.message ?? body?.detail ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, typeof message === "string" ? message : JSON.stringify(message));
  }
  if (body == null) throw new ApiError(response.status, `${path}: not JSON`);
  return body;
}

export const api = {
  health: (opts) => getJSON("/api/health", opts),
  events: (filters, {sort, limit, cursor}, opts) =>
    getJSON(`/api/events?${params(filters, {sort, limit, cursor})}`, opts),
  eventsGeoJSON: (filters, opts) => getJSON(`/api/events?${params(filters, {format: "geojson"})}`, opts),
  event: (id, opts) => getJSON(`/api/events/${encodeURIComponent(id)}`, opts),
  article: (docId, opts) => getJSON(`/api/articles/${encodeURIComponent(docId)}`, opts),
  stats: (filters, opts) => getJSON(`/api/stats?${params(filters)}`, opts),
  exportUrl: (filters, format, sort) => `/api/events?${params(filters, {format, sort})}`,
};
