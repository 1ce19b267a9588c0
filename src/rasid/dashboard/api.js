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

/** A JSON request: GET by default; `key` goes in the X-API-Key header, `body` is sent as JSON.
 *  An answer without a body (204) is null. */
export async function getJSON(path, {signal, method = "GET", body, key} = {}) {
  let response;
  const headers = {Accept: "application/json"};
  if (key) headers["X-API-Key"] = key;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  try {
    response = await fetch(path, {signal, method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, `${path}: ${err.message}`);
  }
  if (response.status === 204) return null; // done, nothing to say (a DELETE)
  let answer = null;
  try {
    answer = await response.json();
  } catch (err) {
    if (err.name === "AbortError") throw err; // aborted while reading: a stale request, not bad JSON
    answer = null;
  }
  if (!response.ok) {
    const message = answer?.error?.message ?? answer?.detail ?? `${response.status} ${response.statusText}`;
    const error = new ApiError(response.status, typeof message === "string" ? message : JSON.stringify(message));
    error.code = answer?.error?.code ?? answer?.code ?? null;
    throw error;
  }
  if (answer == null) throw new ApiError(response.status, `${path}: not JSON`);
  return answer;
}

const eventPath = (id) => `/api/events/${encodeURIComponent(id)}`;

export const api = {
  health: (opts) => getJSON("/api/health", opts),
  events: (filters, {sort, limit, cursor}, opts) =>
    getJSON(`/api/events?${params(filters, {sort, limit, cursor})}`, opts),
  eventsGeoJSON: (filters, opts) => getJSON(`/api/events?${params(filters, {format: "geojson"})}`, opts),
  event: (id, opts) => getJSON(`/api/events/${encodeURIComponent(id)}`, opts),
  article: (docId, opts) => getJSON(`/api/articles/${encodeURIComponent(docId)}`, opts),
  stats: (filters, opts) => getJSON(`/api/stats?${params(filters)}`, opts),
  exportUrl: (filters, format, sort) => `/api/events?${params(filters, {format, sort})}`,
  // analyst review: reads are open, writes carry a key (auth.js holds the one logged in)
  whoami: (key, opts) => getJSON("/api/whoami", {...opts, key}),
  queue: (limit, opts) => getJSON(`/api/review/queue?limit=${limit}`, opts),
  reviews: (id, opts) => getJSON(`${eventPath(id)}/reviews`, opts),
  actors: (q, opts) => getJSON(`/api/actors?${new URLSearchParams({q, limit: 10})}`, opts),
  places: (q, opts) => getJSON(`/api/places?${new URLSearchParams({q, limit: 10})}`, opts),
  nearestPlaces: (lat, lon, opts) => getJSON(`/api/places?${new URLSearchParams({lat, lon, limit: 5})}`, opts),
  review: (id, body, key) => getJSON(`${eventPath(id)}/review`, {method: "POST", body, key}),
  merge: (id, other, reason, key) => getJSON(`${eventPath(id)}/merge`, {method: "POST", body: {with: other, reason}, key}),
  split: (id, articles, reason, key) => getJSON(`${eventPath(id)}/split`, {method: "POST", body: {articles, reason}, key}),
  // alerts: saved searches a key follows; every call carries the key (it owns its alerts)
  alerts: (key, opts) => getJSON("/api/alerts", {...opts, key}),
  addAlert: (body, key) => getJSON("/api/alerts", {method: "POST", body, key}),
  removeAlert: (id, key) => getJSON(`/api/alerts/${encodeURIComponent(id)}`, {method: "DELETE", key}),
  alertMatches: (id, limit, key, opts) => getJSON(`/api/alerts/${encodeURIComponent(id)}/matches?limit=${limit}`, {...opts, key}),
  // no body is needed, but the API's guard wants every POST to be JSON (415 otherwise)
  retryDelivery: (id, key) => getJSON(`/api/deliveries/${encodeURIComponent(id)}/retry`, {method: "POST", body: {}, key}),
};
