// Browser test of analyst review, the whole loop: log in with a key, open the queue, correct a
// place on the map, merge two events, re-ingest the article, and the correction is still there.
// Headless Debian chromium driven by playwright-core.
//
//   BASE_URL=http://127.0.0.1:8000 REVIEW_KEY=rsd_… READ_KEY=rsd_… WRITE_KEY=rsd_… node tests/browser/review.mjs
//
// Env: BASE_URL (a running rasid API over the example articles), REVIEW_KEY, READ_KEY and
// WRITE_KEY (keys of those roles: `rasid apikey create NAME --role ROLE`), EXAMPLES (the
// articles ingested, default examples/articles.jsonl: the article re-ingested comes from it),
// ARTIFACTS (screenshot folder, default tests/artifacts), CHROMIUM (default /usr/bin/chromium).
// Prints one JSON object on stdout: {ok, checks: [{name, ok, detail}], metrics, problems};
// exits 1 when a check failed (harness.mjs: the browser, checks and steps, problems, report).

import {readFileSync} from "node:fs";
import path from "node:path";
import {BASE, launch, repo} from "./harness.mjs";

const REVIEW_KEY = process.env.REVIEW_KEY || "";
const READ_KEY = process.env.READ_KEY || "";
const WRITE_KEY = process.env.WRITE_KEY || "";
const EXAMPLES = process.env.EXAMPLES || path.join(repo, "examples", "articles.jsonl");

const {browser, check, step, shot, metrics, problemChecks, report, ...harness} = await launch({timeout: 15000});
// a refused write (the read key's forced one) is logged by the browser as a failed resource
const newPage = (context) => harness.newPage(context, {ignoreConsole: /status of 40[13]/});

const ctx = {}; // what later steps need: the events picked, the place chosen, the merged id

try {
  const context = await browser.newContext({viewport: {width: 1440, height: 1000}, locale: "en-US", deviceScaleFactor: 1});
  const page = await newPage(context);
  const posts = [];
  page.on("request", (req) => { if (req.method() !== "GET") posts.push(`${req.method()} ${req.url().replace(BASE, "")}`); });

  // -- the queue, as the API orders it, each with why -------------------------------------------
  await step("open the queue", async () => {
    await page.goto(`${BASE}/#/review`);
    await page.waitForSelector(".queue-item");
    await page.waitForSelector(".review-head");
    const api = await page.evaluate(async () => (await (await fetch("/api/review/queue?limit=100")).json()).events
      .map((e) => ({id: e.id, needs: e.needs.length})));
    const shown = await page.$$eval(".queue-item", (items) => items.map((li) => ({id: li.dataset.eventId,
      needs: li.querySelectorAll(".need").length})));
    metrics.queue = shown.length;
    check("queue: the API's order", shown.length > 1 && JSON.stringify(shown.map((s) => s.id)) === JSON.stringify(api.map((a) => a.id)),
      {shown: shown.length, api: api.length});
    check("queue: each event shows why it needs a person", JSON.stringify(shown.map((s) => s.needs)) === JSON.stringify(api.map((a) => a.needs))
      && shown.some((s) => s.needs > 0), shown.slice(0, 5));
    const first = await page.textContent(".queue-item .need");
    check("queue: reasons read as words", /flagged|toll|actor|place/.test(first), first);
    check("queue: the first event opens", (await page.getAttribute(".review-head", "data-event-id")) === api[0].id);
    check("queue: evidence sentences highlighted beside it", (await page.locator(".review-evidence .seg.ev-sentence").count()) > 0);
  }, {needed: true});

  // -- not logged in, then a read key: no review controls, and the API refuses a forced write ----
  await step("no key: no review controls", async () => {
    const controls = await page.locator(".review-form, [data-action]").count();
    check("no key: no form and no review buttons", controls === 0 && (await page.locator(".login-needed").count()) === 1, controls);
  });

  await step("a read key", async () => {
    await page.fill(".login-key", READ_KEY);
    await page.click(".login-button");
    await page.waitForSelector(".who");
    const who = await page.textContent(".who");
    check("read key: logged in, its role shown", /reader/.test(who), who);
    const before = posts.length;
    await page.locator("body").press("c");
    await page.locator("body").press("x");
    await page.waitForTimeout(300);
    check("read key: no review controls", (await page.locator(".review-form, [data-action]").count()) === 0
      && /reviewer's key/.test(await page.textContent(".login-needed")), await page.textContent(".login-needed"));
    check("read key: c and x send nothing", posts.length === before, posts.slice(before));
    const id = await page.getAttribute(".review-head", "data-event-id");
    const forced = await page.evaluate(async ({id, key}) => {
      const post = (path, body) => fetch(path, {method: "POST", headers: {"X-API-Key": key, "Content-Type": "application/json"},
        body: JSON.stringify(body)}).then((r) => r.status);
      return {
        review: await post(`/api/events/${id}/review`, {action: "confirm"}),
        merge: await post(`/api/events/${id}/merge`, {with: id}),
        split: await post(`/api/events/${id}/split`, {articles: null}),
      };
    }, {id, key: READ_KEY});
    check("read key: the API answers 403 to a forced write", Object.values(forced).every((s) => s === 403), forced);
    await page.evaluate((id) => { location.hash = `#/event/${id}`; }, id);
    await page.waitForSelector(".event-page .fields");
    check("read key: the event page has no review link", (await page.locator(".review-link").count()) === 0
      && (await page.locator(".event-head .badge").count()) === 1);
    await page.evaluate(() => { location.hash = "#/review"; });
    await page.waitForSelector(".review-head");
    await page.click(".logout");
    await page.waitForSelector(".login-key");
  });

  await step("a bad key is refused", async () => {
    await page.fill(".login-key", "rsd_not-a-key");
    await page.click(".login-button");
    await page.waitForSelector(".login-error");
    check("bad key: refused with a message", /not valid/.test(await page.textContent(".login-error")));
  });

  // -- a reviewer's key -------------------------------------------------------------------------
  await step("log in with a review key", async () => {
    await page.fill(".login-key", REVIEW_KEY);
    await page.click(".login-button");
    await page.waitForSelector(".who");
    await page.waitForSelector(".review-form");
    const who = await page.textContent(".who");
    check("review key: logged in as the key's name and role", /reviewer/.test(who) && /review-loop/.test(who), who);
    const stored = await page.evaluate(() => ({session: sessionStorage.getItem("rasid.key"), local: localStorage.getItem("rasid.key")}));
    check("review key: kept for this tab only (sessionStorage)", stored.session === REVIEW_KEY && stored.local === null);
    await page.reload();
    await page.waitForSelector(".review-form");
    check("review key: still logged in after a reload", /reviewer/.test(await page.textContent(".who")));
    check("review key: the form and its buttons", (await page.locator(".review-form [data-action='confirm']").count()) === 1
      && (await page.locator(".review-form [data-action='reject']").count()) === 1
      && (await page.locator(".review-form [data-action='correct']").count()) === 1);
  }, {needed: true});

  await step("keyboard: move, help, edit", async () => {
    const ids = await page.$$eval(".queue-item", (items) => items.map((li) => li.dataset.eventId));
    await page.locator(".review-queue h2").click(); // focus out of any field
    await page.keyboard.press("j");
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, ids[1]);
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, ids[2]);
    await page.keyboard.press("k");
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, ids[1]);
    check("keyboard: j, ArrowDown and k move in the queue", (await page.getAttribute(".queue-item.selected", "data-event-id")) === ids[1]);
    check("keyboard: the open event is in the URL", (await page.evaluate(() => location.hash)) === `#/review/${ids[1]}`);
    await page.keyboard.press("?");
    await page.waitForSelector(".keys-help:not([hidden])");
    const help = await page.textContent(".keys-help");
    check("keyboard: ? lists the keys", ["confirm", "reject", "merge", "edit"].every((w) => help.includes(w)), help);
    await page.keyboard.press("Escape");
    await page.waitForSelector(".keys-help", {state: "hidden"});
    await page.keyboard.press("e");
    const focused = await page.evaluate(() => document.activeElement?.name);
    check("keyboard: e focuses the form", focused === "event_type", focused);
    await page.keyboard.press("Escape");
  });

  // -- pick two events that are one: same type, other articles, close in place and time ----------
  await step("pick two events to merge", async () => {
    const pair = await page.evaluate(async () => {
      const {events} = await (await fetch("/api/review/queue?limit=200")).json();
      const km = (a, b) => {
        const r = Math.PI / 180;
        const x = Math.sin((b.lat - a.lat) * r / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin((b.lon - a.lon) * r / 2) ** 2;
        return 12742 * Math.asin(Math.sqrt(x));
      };
      const single = events.filter((e) => e.sources.length === 1 && e.location?.lat != null && e.location.place_id && e.event_date);
      let best = null;
      for (const a of single) {
        for (const b of single) {
          if (a.id >= b.id || a.event_type !== b.event_type || a.sources[0].doc_id === b.sources[0].doc_id) continue;
          const days = Math.abs(Date.parse(a.event_date) - Date.parse(b.event_date)) / 864e5;
          const d = km(a.location, b.location);
          if (days <= 3 && d < 60 && (!best || d < best.d)) best = {a, b, d};
        }
      }
      return best && {a: best.a.id, b: best.b.id, docA: best.a.sources[0].doc_id, docB: best.b.sources[0].doc_id,
        placeA: best.a.location.place_id, nameA: best.a.location.name, km: best.d};
    });
    if (!check("two events to merge in the example articles", pair, "none")) throw new Error("no pair");
    Object.assign(ctx, pair);
    metrics.pair = pair;
  }, {needed: true});

  // -- correct a place on the map ---------------------------------------------------------------
  await step("correct a place on the map", async () => {
    await page.locator(`.queue-item[data-event-id='${ctx.a}']`).scrollIntoViewIfNeeded();
    await page.click(`.queue-item[data-event-id='${ctx.a}']`);
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, ctx.a);
    await page.waitForSelector(".review-form .pick-map .leaflet-overlay-pane path", {state: "attached"});
    const map = page.locator(".review-form .pick-map");
    await map.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    const box = await map.boundingBox();
    const nearest = page.waitForResponse((r) => r.url().includes("/api/places?") && r.url().includes("lat="));
    await page.mouse.click(box.x + box.width / 2 + 70, box.y + box.height / 2 - 30);
    const answer = await (await nearest).json();
    await page.waitForSelector(".nearest-list .place-item");
    check("map click: the nearest places offered", answer.places.length > 0
      && (await page.locator(".nearest-list .place-item").count()) === answer.places.length, answer.places.map((p) => p.name));
    check("map click: the point itself offered", (await page.locator(".use-point").count()) === 1);
    const chosen = answer.places.find((p) => p.place_id !== ctx.placeA && p.kind !== "admin1") || answer.places.find((p) => p.place_id !== ctx.placeA);
    if (!check("map click: a place other than the machine's", chosen, answer.places)) throw new Error("no other place");
    ctx.place = {id: chosen.place_id, name: chosen.name, name_ar: chosen.name_ar};
    await page.click(`.nearest-list .use-place[data-place-id='${chosen.place_id}']`);
    await page.waitForSelector(`.place-pending[data-place-id='${chosen.place_id}']`);
    await page.fill(".review-form textarea[name='reason']", "the article names the quarter");
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/events/${ctx.a}/review`) && r.request().method() === "POST");
    await page.click(".review-form [data-action='correct']");
    const response = await saved;
    const sent = JSON.parse(response.request().postData());
    check("correction: only the place is sent, with the reason", sent.action === "correct"
      && JSON.stringify(sent.fields) === JSON.stringify({location: {place_id: chosen.place_id}}) && sent.reason === "the article names the quarter", sent);
    check("correction: saved", response.status() === 200, response.status());
    await page.waitForSelector(".review-head .badge[data-status='corrected']");
    await page.waitForSelector(".review-form .form-row[data-field='location'] .machine-says");
    const machine = await page.textContent(".review-form .form-row[data-field='location'] .machine-says");
    check("correction: the machine's place shown beside it", machine.includes(ctx.nameA.split(" (")[0]), machine);
    await page.waitForSelector(".audit-panel .audit-entry[data-action='correct']");
    const trail = await page.textContent(".audit-panel .audit-entry[data-action='correct']");
    check("correction: in the audit trail, with who, why and the new place",
      trail.includes("review-loop") && trail.includes("the article names the quarter") && trail.includes(chosen.name), trail);
    const event = await page.evaluate(async (id) => (await fetch(`/api/events/${id}`)).json(), ctx.a);
    check("correction: the API has the new place", event.location.place_id === chosen.place_id && event.review.status === "corrected"
      && event.review.machine.location?.place_id === ctx.placeA, {location: event.location.place_id, review: event.review.status});
    check("correction: the event left the queue", (await page.locator(`.queue-item[data-event-id='${ctx.a}']`).count()) === 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(800); // the article scrolls smoothly to the evidence
    await page.screenshot({path: shot("review-en.png")});
  }, {needed: true});

  // -- confirm and reject from the keyboard: the next event opens --------------------------------
  await step("confirm and reject with c and x", async () => {
    const ids = (await page.$$eval(".queue-item", (items) => items.map((li) => li.dataset.eventId)))
      .filter((id) => id !== ctx.b);
    const c = ids[3];
    const queueNow = await page.$$eval(".queue-item", (items) => items.map((li) => li.dataset.eventId));
    await page.click(`.queue-item[data-event-id='${c}']`);
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, c);
    const after = queueNow[queueNow.indexOf(c) + 1];
    // an edit not saved: c does not confirm it away unseen
    await page.fill(".review-form input[name='fatalities']", "999");
    await page.locator(".review-queue h2").click();
    const before = posts.length;
    await page.keyboard.press("c");
    await page.waitForFunction(() => document.querySelector(".form-note")?.textContent.includes("Unsaved"));
    check("c with unsaved edits: refused, nothing sent", posts.length === before, posts.slice(before));
    await page.click(".review-form .revert");
    await page.locator(".review-queue h2").click();
    await page.keyboard.press("c");
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, after);
    const confirmed = await page.evaluate(async (id) => (await (await fetch(`/api/events/${id}`)).json()).review, c);
    check("c confirms, and the next event opens", confirmed.status === "confirmed" && confirmed.by === "review-loop", {confirmed, opened: after});
    check("confirmed: gone from the queue", (await page.locator(`.queue-item[data-event-id='${c}']`).count()) === 0);
    const rejectId = await page.getAttribute(".review-head", "data-event-id");
    const queue2 = await page.$$eval(".queue-item", (items) => items.map((li) => li.dataset.eventId));
    if (rejectId === ctx.b) throw new Error("would reject the event to merge");
    await page.locator(".review-queue h2").click();
    await page.keyboard.press("x");
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, queue2[queue2.indexOf(rejectId) + 1]);
    const rejected = await page.evaluate(async (id) => (await (await fetch(`/api/events/${id}`)).json()).review.status, rejectId);
    check("x rejects, and the next event opens", rejected === "rejected", rejected);
    metrics.confirmed = c;
    metrics.rejected = rejectId;
  });

  // -- merge two events that are one ------------------------------------------------------------
  await step("merge two events", async () => {
    await page.evaluate((id) => { location.hash = `#/review/${id}`; }, ctx.a);
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, ctx.a);
    await page.waitForSelector(".merge-panel .merge-candidate, .merge-panel .merge-candidates li");
    await page.locator(".review-queue h2").click();
    await page.keyboard.press("m");
    const focused = await page.evaluate(() => document.activeElement?.name);
    check("keyboard: m goes to the merge box", focused === "merge_with", focused);
    await page.waitForFunction(() => !document.querySelector(".merge-candidates")?.textContent.includes("Loading"));
    const candidates = await page.$$eval(".merge-candidate", (items) => items.map((li) => li.dataset.eventId));
    check("merge: nearby events offered", candidates.length > 0, candidates);
    await page.fill(".merge-with", ctx.b);
    await page.fill(".review-form textarea[name='reason']", "one strike, two reports");
    const merged = page.waitForResponse((r) => r.url().endsWith(`/api/events/${ctx.a}/merge`) && r.request().method() === "POST");
    await page.click(".merge-button");
    const response = await merged;
    const record = await response.json();
    check("merge: done", response.status() === 200 && [ctx.a, ctx.b].includes(record.id), {status: response.status(), id: record.id});
    ctx.merged = record.id;
    await page.waitForFunction((id) => document.querySelector(".review-head")?.dataset.eventId === id, record.id);
    const docs = record.sources.map((s) => s.doc_id).sort();
    check("merge: one event of both articles", JSON.stringify(docs) === JSON.stringify([ctx.docA, ctx.docB].sort()), docs);
    check("merge: the correction holds", record.location.place_id === ctx.place.id, record.location);
    check("merge: said on the page", (await page.textContent(".review-status")).includes("merged"), await page.textContent(".review-status"));
    check("merge: the evidence has a tab per article", (await page.locator(".review-evidence .source-tab").count()) === 2);
    await page.waitForSelector(".audit-panel .audit-entry[data-action='merge']");
    check("merge: the trail holds the correction made before it", (await page.locator(".audit-panel .audit-entry[data-action='correct']").count()) >= 1);
    check("merge: split offered for an event of two articles", (await page.locator(".merge-panel .split-checked").count()) === 1);
    const gone = ctx.merged === ctx.a ? ctx.b : ctx.a;
    const status = (await page.request.get(`${BASE}/api/events/${gone}`)).status();
    check("merge: the other event is gone", status === 404, status);
  }, {needed: true});

  // -- correct a claim: who claims the figure, and how -------------------------------------------
  await step("correct a claim", async () => {
    const row = page.locator(`.claims-form tr[data-claim^='${ctx.docA}@']`).first();
    if (!check("claims: the article's claims are in the form, by key", (await row.count()) === 1)) return;
    const key = await row.getAttribute("data-claim");
    await row.locator("input[name='claimant']").fill("وزارة الصحة");
    await row.locator("select[name='modality']").selectOption("alleged");
    await page.fill(".review-form textarea[name='reason']", "the ministry gives the figure");
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/events/${ctx.merged}/review`) && r.request().method() === "POST");
    await page.click(".review-form [data-action='correct']");
    const response = await saved;
    const sent = JSON.parse(response.request().postData());
    check("claims: only the claim's changed fields are sent, by its key",
      JSON.stringify(sent.fields) === JSON.stringify({claims: {[key]: {claimant: "وزارة الصحة", modality: "alleged"}}}), sent.fields);
    const record = await response.json();
    const claim = record.claims.find((c) => c.key === key);
    check("claims: corrected", response.status() === 200 && claim?.claimant === "وزارة الصحة" && claim?.modality === "alleged", claim);
    check("claims: the place correction is kept beside it", record.location.place_id === ctx.place.id, record.location.place_id);
    await page.waitForSelector(`.claims-form tr.claim-machine[data-claim='${key}'] .machine-says`);
    const said = record.review.machine.claims?.[key] || {};
    const note = await page.textContent(`.claims-form tr.claim-machine[data-claim='${key}'] .machine-says`);
    check("claims: the machine's values shown beside the correction",
      "modality" in said && note.includes(said.modality), {said, note});
    ctx.claimKey = key;

    await page.fill(".review-form input[name='actor_add']", "قسد");
    const offered = await page.waitForFunction(() => [...document.querySelectorAll("#review-actor-options option")]
      .map((o) => o.value).find((v) => v === "Syrian Democratic Forces"), null, {timeout: 5000}).then(() => true, () => false);
    check("actors: the dictionary's actors offered for what is typed (قسد)", offered);
    await page.fill(".review-form input[name='actor_add']", "");
  });

  // -- re-ingest the article (changed text, so it is processed again) ----------------------------
  await step("re-ingest the article", async () => {
    const line = readFileSync(EXAMPLES, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.doc_id === ctx.docA);
    const body = {doc_id: line.doc_id, text: `${line.text}\nوتابع المراسل متابعة الأوضاع في المنطقة.`, published: line.published,
      title: line.title || undefined, url: line.url || undefined, outlet: line.outlet || undefined};
    const response = await page.request.post(`${BASE}/api/articles`, {headers: {"X-API-Key": WRITE_KEY}, data: body});
    const result = await response.json();
    ctx.reingest = result.results?.[0];
    check("re-ingest: the article was processed again", response.status() === 201 && ctx.reingest?.status === "replaced", result);
  }, {needed: true});

  await step("after the re-ingest: the correction and the merge hold", async () => {
    // The merged event may have been renamed by the re-ingest: follow the deletions.
    let id = ctx.merged;
    const renamed = await page.evaluate(async (id) => {
      const {deletions} = await (await fetch("/api/deletions")).json();
      let now = id;
      for (let i = 0; i < 5; i++) {
        const d = deletions.find((x) => x.event_id === now);
        if (!d?.replaced_by) break;
        now = d.replaced_by;
      }
      return now;
    }, id);
    check("re-ingest: the merged event is live (or renamed to a live one)", renamed, {merged: id, now: renamed});
    id = renamed;
    ctx.final = id;
    await page.goto(`${BASE}/#/event/${encodeURIComponent(id)}`);
    await page.reload();
    await page.waitForSelector(".event-page .fields");
    const event = await page.evaluate(async (id) => (await fetch(`/api/events/${id}`)).json(), id);
    check("re-ingest: the corrected place is still there (API)", event.location?.place_id === ctx.place.id && event.review?.status === "corrected",
      {location: event.location?.place_id, review: event.review?.status});
    const claim = event.claims.find((c) => c.key === ctx.claimKey);
    check("re-ingest: the claim correction is still there (API)", !ctx.claimKey || (claim?.claimant === "وزارة الصحة" && claim?.modality === "alleged"),
      claim || event.claims.map((c) => c.key));
    check("re-ingest: still one event of both articles (API)",
      JSON.stringify(event.sources.map((s) => s.doc_id).sort()) === JSON.stringify([ctx.docA, ctx.docB].sort()), event.sources.map((s) => s.doc_id));
    const head = await page.textContent(".event-head");
    check("event page: the corrected place in its title", head.includes(ctx.place.name), head);
    check("event page: the review status badge", (await page.getAttribute(".event-head .badge", "data-status")) === "corrected");
    const machine = await page.textContent(".field[data-field='location'] .machine-says");
    check("event page: the machine's place beside the correction", machine.includes(ctx.nameA.split(" (")[0]), machine);
    check("event page: both sources listed", (await page.locator(".source-list li").count()) === 2);
    if (ctx.claimKey) {
      check("event page: the corrected claim, and the machine's word beside it",
        (await page.locator(`.claims-table .machine-says[data-claim='${ctx.claimKey}']`).count()) === 1
        && (await page.textContent(".claims-table")).includes("وزارة الصحة"));
    }
    await page.waitForSelector(".audit-panel .audit-entry");
    const actions = await page.$$eval(".audit-panel .audit-entry", (els) => els.map((e) => e.dataset.action));
    check("event page: the audit trail (correction, merge)", actions.includes("correct") && actions.includes("merge"), actions);
    check("event page: a reviewer gets a link to review it", (await page.locator(".event-head .review-link").count()) === 1);
    await page.screenshot({path: shot("review-event-en.png")});
  });

  await step("the table shows review badges", async () => {
    await page.goto(`${BASE}/#/`);
    await page.waitForSelector("body[data-ready='1']");
    await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 0);
    const statuses = await page.evaluate(async () => {
      const {events} = await (await fetch("/api/events?limit=50")).json();
      const rows = new Map([...document.querySelectorAll(".ev-row")].map((r) => [r.dataset.eventId, r.querySelector(".badge")?.dataset.status]));
      return events.map((e) => ({id: e.id, want: e.review.status, shown: rows.get(e.id)}));
    });
    const wrong = statuses.filter((s) => s.want !== s.shown);
    check("table: each row's review badge", statuses.length > 0 && wrong.length === 0, wrong.slice(0, 3));
    await page.evaluate(() => { location.hash = "#/?limit=250"; });
    await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 50);
    const reviewed = await page.$$eval(".ev-row .badge[data-status='corrected']", (els) => els.length);
    check("table: the corrected event marked", reviewed >= 1, reviewed);
  });

  // -- Arabic ----------------------------------------------------------------------------------
  await step("review page in Arabic", async () => {
    await page.goto(`${BASE}/#/review/${encodeURIComponent(ctx.final || ctx.merged)}`);
    await page.waitForSelector(".review-form");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    await page.waitForFunction(() => document.querySelector(".review-queue h2")?.textContent === "قائمة المراجعة");
    const layout = await page.evaluate(() => {
      const q = document.querySelector(".review-queue").getBoundingClientRect();
      const w = document.querySelector(".review-middle").getBoundingClientRect();
      return {queueLeft: q.left, workLeft: w.left, save: document.querySelector(".review-form [data-action='correct']").textContent,
        need: document.querySelector(".queue-item .need")?.textContent, who: document.querySelector(".who-role").textContent,
        machine: document.querySelector(".machine-says")?.textContent, trail: document.querySelector(".audit-panel h3")?.textContent};
    });
    check("Arabic: layout mirrored (the queue on the right)", layout.queueLeft > layout.workLeft, layout);
    check("Arabic: the form, reasons, role and trail in Arabic", layout.save === "احفظ التصحيح" && /[\u0600-\u06FF]/.test(layout.need || "")
      && layout.who === "مراجع" && layout.trail === "سجل التدقيق" && /تقول الآلة/.test(layout.machine || ""), layout);
    check("Arabic: the map keeps its left-to-right geometry", (await page.getAttribute(".pick-map", "dir")) === "ltr");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(800);
    await page.screenshot({path: shot("review-ar.png")});
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.dir === "ltr");
  });

  // -- split the merged event back into its articles ---------------------------------------------
  await step("split into its articles", async () => {
    await page.waitForSelector(".merge-panel .split-all");
    const split = page.waitForResponse((r) => r.url().includes("/split") && r.request().method() === "POST");
    await page.click(".merge-panel .split-all");
    const response = await split;
    const {events} = await response.json();
    check("split: one event per article", response.status() === 200 && events.length === 2
      && events.every((e) => e.sources.length === 1), events.map((e) => [e.id, e.sources.map((s) => s.doc_id)]));
    await page.waitForSelector(".review-status");
    check("split: said on the page", /split into 2/.test(await page.textContent(".review-status")), await page.textContent(".review-status"));
  });

  problemChecks();
  await context.close();
} finally {
  await browser.close();
}

report();
