// Browser test of alerts: follow the dashboard's search, be told when a matching event appears.
// Log in with a write key, filter by a country, "Follow this search" with a webhook to a local
// receiver, post a new article of that country, run the deliverer once, and see on #/alerts that
// the message was delivered (and that the receiver got it, signed); a dead delivery shows its
// error and is sent again with Retry; the Atom feed opens and parses; a read key sees no Follow
// button; Remove removes. Headless Debian chromium driven by playwright-core.
//
//   BASE_URL=http://127.0.0.1:8000 WRITE_KEY=rsd_… READ_KEY=rsd_… RECEIVER=http://127.0.0.1:9000 node tests/browser/alerts.mjs
//
// Env: BASE_URL (a running rasid API over the example articles), WRITE_KEY and READ_KEY (keys of
// those roles: `rasid apikey create NAME --role ROLE`), RECEIVER (the test's HTTP receiver:
// POST /hook answers 200 and POST /fail 500, each recorded; GET /control/received lists what
// came; POST /control/deliver runs `rasid alert deliver --once` over the server's store),
// ARTIFACTS (screenshot folder, default tests/artifacts), CHROMIUM (default /usr/bin/chromium).
// Prints one JSON object on stdout: {ok, checks: [{name, ok, detail}], metrics, problems};
// exits 1 when a check failed (harness.mjs: the browser, checks and steps, problems, report).

import {createHmac} from "node:crypto";
import {BASE, launch} from "./harness.mjs";

const WRITE_KEY = process.env.WRITE_KEY || "";
const READ_KEY = process.env.READ_KEY || "";
const RECEIVER = (process.env.RECEIVER || "http://127.0.0.1:9000").replace(/\/$/, "");
const COUNTRY = "LY";
const SECRET = "desk-secret";
// A new event in Libya, on a day no example article has: one new event, one message per alert.
const ARTICLE = {
  doc_id: "alerts-sirte-1",
  published: "2016-03-12",
  title: "مقتل 7 أشخاص في اشتباكات في سرت",
  text: "مقتل 7 أشخاص في اشتباكات في سرت\n\nقتل سبعة أشخاص يوم الجمعة في اشتباكات بين قوات حكومة الوفاق ومسلحي "
    + "تنظيم داعش في مدينة سرت الليبية، بحسب ما أفاد مسؤول محلي.",
  outlet: "rasid-test",
};

const {browser, check, step, newPage, shot, metrics, problemChecks, report} = await launch({timeout: 15000});
const ctx = {}; // what later steps need: the alerts made, the event, the feed

/** What the receiver got: [{path, headers, body}]. */
async function received() {
  return (await fetch(`${RECEIVER}/control/received`)).json();
}

/** The API's answer for the write key (from Node, not the page: what the server holds). */
async function apiGet(path) {
  const response = await fetch(`${BASE}${path}`, {headers: {"X-API-Key": WRITE_KEY}});
  return {status: response.status, type: response.headers.get("content-type"), body: await response.text()};
}

const card = (id) => `.alert-card[data-alert-id='${id}']`;

async function logIn(page, key) {
  await page.fill(".login-key", key);
  await page.click(".login-button");
  await page.waitForSelector(".who");
}

try {
  const context = await browser.newContext({viewport: {width: 1440, height: 1000}, locale: "en-US", deviceScaleFactor: 1});
  await context.grantPermissions(["clipboard-read", "clipboard-write"], {origin: BASE});
  const page = await newPage(context);

  // -- no key, then a read key: no Follow button ------------------------------------------------
  await step("a read key sees no Follow button", async () => {
    await page.goto(`${BASE}/#/`);
    await page.waitForSelector("body[data-ready='1']");
    check("no key: no Follow button", (await page.locator(".follow-button").count()) === 0);
    await logIn(page, READ_KEY);
    check("read key: logged in as a reader", /reader/.test(await page.textContent(".who")));
    await page.waitForTimeout(200);
    check("read key: no Follow button", (await page.locator(".follow-button").count()) === 0
      && (await page.locator("#follow-box").isHidden()));
    await page.click(".nav-alerts");
    await page.waitForSelector(".alerts-page .login-needed");
    const text = await page.textContent(".alerts-page");
    check("read key: the alerts page says a writer's key is needed, and lists none",
      /writer's key/.test(text) && (await page.locator(".alert-card").count()) === 0 && /follows no search/.test(text), text);
    check("alerts page: its header link marked", (await page.getAttribute(".nav-alerts", "aria-current")) === "page");
    await page.click(".logout");
    await page.waitForSelector(".alerts-page .login-needed");
    check("no key: the alerts page asks to log in", /Log in/.test(await page.textContent(".alerts-page .login-needed")));
  });

  // -- a write key follows the dashboard's search ---------------------------------------------
  await step("a write key filters the map", async () => {
    await page.goto(`${BASE}/#/`);
    await page.waitForSelector("body[data-ready='1']");
    await logIn(page, WRITE_KEY);
    await page.waitForSelector(".follow-button");
    check("write key: the Follow button shows", await page.isVisible(".follow-button"));
    await page.fill("input[name='country']", COUNTRY);
    await page.press("input[name='country']", "Enter");
    await page.waitForFunction((c) => new URLSearchParams(location.hash.split("?")[1]).get("country") === c, COUNTRY);
    await page.fill("input[name='date_from']", "2015-01-01");
    await page.waitForFunction(() => location.hash.includes("date_from=2015-01-01"));
    await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 0 && !document.querySelector("#status").textContent);
  }, {needed: true});

  await step("follow this search", async () => {
    await page.click(".follow-button");
    await page.waitForSelector("dialog.follow-dialog[open] .follow-form");
    const form = await page.evaluate(() => {
      const d = document.querySelector(".follow-dialog");
      return {name: d.querySelector("input[name='name']").value,
        params: [...d.querySelectorAll(".search-list [data-param]")].map((el) => [el.dataset.param, el.querySelector("dd").textContent]),
        dates: d.querySelector(".dates-note").textContent, language: d.querySelector("select[name='language']").value,
        digest: d.querySelector("input[name='digest_minutes']").value};
    });
    check("follow form: the name reads the filters", form.name === "Libya (LY)", form.name);
    check("follow form: the filters shown as the search (country only)",
      JSON.stringify(form.params) === JSON.stringify([["country", "Libya (LY)"]]), form.params);
    check("follow form: the dates are left out, and it says so", /Left out: the dates \(2015-01-01/.test(form.dates), form.dates);
    check("follow form: the messages' language is the interface's; no digest", form.language === "en" && form.digest === "0", form);
    await page.screenshot({path: shot("follow-en.png")});
    await page.fill(".follow-dialog input[name='webhook_url']", "ftp://nowhere");
    await page.click(".follow-submit");
    await page.waitForSelector(".follow-dialog .form-note.error");
    check("follow form: a webhook that is not http(s) is refused before sending",
      /http:\/\/ or https:\/\//.test(await page.textContent(".follow-dialog .form-note")));
    await page.fill(".follow-dialog input[name='name']", "Libya desk");
    await page.fill(".follow-dialog input[name='webhook_url']", `${RECEIVER}/hook`);
    await page.fill(".follow-dialog input[name='webhook_secret']", SECRET);
    const posted = page.waitForResponse((r) => r.url() === `${BASE}/api/alerts` && r.request().method() === "POST");
    await page.click(".follow-submit");
    const response = await posted;
    const sent = JSON.parse(response.request().postData());
    check("follow: the search sent is the API's parameters, without the dates",
      JSON.stringify(sent.search) === JSON.stringify({country: COUNTRY}), sent);
    check("follow: the webhook, its secret, the language sent", sent.webhook_url === `${RECEIVER}/hook` && sent.webhook_secret === SECRET
      && sent.language === "en" && sent.digest_minutes === 0 && sent.name === "Libya desk" && !("email_to" in sent), sent);
    const alert = await response.json();
    check("follow: created (201)", response.status() === 201 && alert.id && alert.signed, {status: response.status(), alert});
    ctx.alert = alert;
    await page.waitForSelector(".follow-done");
    const feed = await page.inputValue(".follow-done .feed-url");
    ctx.feed = feed;
    check("follow: the new alert and its feed, an absolute URL", feed === new URL(alert.feed, BASE).href && feed.startsWith(`${BASE}/api/alerts/`)
      && (await page.textContent(".follow-done .alert-name")) === "Libya desk", feed);
    await page.click(".follow-done .copy-feed");
    await page.waitForFunction(() => document.querySelector(".follow-done .copy-note")?.textContent);
    const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
    check("follow: Copy puts the feed's URL on the clipboard", copied === feed
      && (await page.textContent(".follow-done .copy-note")) === "Copied.", copied);
    await page.click(".follow-done .see-alerts");
    await page.waitForSelector(`${card(alert.id)}`);
    check("follow: the dialog closes on the way to the alerts page", !(await page.isVisible("dialog.follow-dialog")));
  }, {needed: true});

  await step("the alerts page: search, targets, feed, what it selects now", async () => {
    const c = card(ctx.alert.id);
    await page.waitForSelector(`${c} .alert-matches[data-count]`);
    const shown = await page.evaluate((c) => {
      const el = document.querySelector(c);
      return {name: el.querySelector(".alert-name").textContent, search: el.querySelector(".alert-search").textContent,
        webhook: el.querySelector("[data-target='webhook']")?.textContent, feed: el.querySelector(".feed-url").value,
        count: Number(el.querySelector(".alert-matches").dataset.count), listed: [...el.querySelectorAll(".match-list a")].map((a) => a.textContent),
        map: el.querySelector(".show-on-map")?.getAttribute("href"), deliveries: el.querySelector(".alert-deliveries").textContent};
    }, c);
    check("alerts page: the name and the search in words", shown.name === "Libya desk" && shown.search.includes("Libya (LY)"), shown);
    check("alerts page: the webhook, signed", shown.webhook.includes(`${RECEIVER}/hook`) && /signed/.test(shown.webhook)
      && !/not signed/.test(shown.webhook), shown.webhook);
    check("alerts page: the feed's absolute URL", shown.feed === ctx.feed, shown.feed);
    check("alerts page: the search shown on the map is the dashboard's filters", shown.map === `#/?country=${COUNTRY}`, shown.map);
    const truth = await page.evaluate(async ({id, key, country}) => {
      const matches = await (await fetch(`/api/alerts/${id}/matches?limit=500`, {headers: {"X-API-Key": key}})).json();
      const stats = await (await fetch(`/api/stats?country=${country}`)).json();
      return {matches: matches.events.map((e) => e.id), stats: stats.events};
    }, {id: ctx.alert.id, key: WRITE_KEY, country: COUNTRY});
    metrics.selects_before = shown.count;
    check("alerts page: how many events it selects now (the API's matches)", shown.count > 0 && shown.count === truth.matches.length
      && shown.count === truth.stats, {shown: shown.count, matches: truth.matches.length, stats: truth.stats});
    check("alerts page: the newest of them, linked", shown.listed.length > 0
      && JSON.stringify(shown.listed) === JSON.stringify(truth.matches.slice(0, shown.listed.length)), shown.listed);
    check("alerts page: nothing delivered yet", /Nothing delivered yet/.test(shown.deliveries), shown.deliveries);
  }, {needed: true});

  // -- a matching event appears; the deliverer runs -------------------------------------------
  await step("a matching article arrives and the deliverer runs", async () => {
    const failing = await page.evaluate(async ({key, hook, country}) => {
      const r = await fetch("/api/alerts", {method: "POST", headers: {"X-API-Key": key, "Content-Type": "application/json"},
        body: JSON.stringify({name: "failing hook", search: {country}, webhook_url: hook})});
      return {status: r.status, alert: await r.json()};
    }, {key: WRITE_KEY, hook: `${RECEIVER}/fail`, country: COUNTRY});
    check("a second alert, to a receiver that fails", failing.status === 201, failing);
    ctx.failing = failing.alert;
    const response = await page.request.post(`${BASE}/api/articles`, {headers: {"X-API-Key": WRITE_KEY}, data: ARTICLE});
    const result = await response.json();
    const stored = result.results?.[0];
    check("article: stored, one new event", response.status() === 201 && stored?.status === "stored" && stored.events.length === 1, result);
    ctx.event = stored.events[0];
    metrics.event_id = ctx.event;
    const event = JSON.parse((await apiGet(`/api/events/${ctx.event}`)).body);
    check("article: the event is in the followed country", event.location?.country === COUNTRY, event.location);
    const run = await (await fetch(`${RECEIVER}/control/deliver`, {method: "POST"})).json();
    metrics.deliverer = run.stderr.trim();
    check("deliverer: ran once, one delivered and one dead", run.returncode === 0 && /1 delivered, 0 to try again, 1 dead/.test(run.stderr), run);
  }, {needed: true});

  await step("the receiver got the message, signed", async () => {
    const got = await received();
    const hooks = got.filter((r) => r.path === "/hook");
    check("receiver: one message", hooks.length === 1, got.map((r) => r.path));
    const body = JSON.parse(hooks[0].body);
    check("receiver: the new event, for the alert", body.alert?.id === ctx.alert.id && body.messages?.length === 1
      && body.messages[0].kind === "new" && body.messages[0].event?.id === ctx.event, body);
    const signature = `sha256=${createHmac("sha256", SECRET).update(Buffer.from(hooks[0].body, "utf8")).digest("hex")}`;
    check("receiver: signed with the alert's secret", hooks[0].headers["x-rasid-signature"] === signature, hooks[0].headers);
    check("receiver: the failing target was called once", got.filter((r) => r.path === "/fail").length === 1);
  });

  await step("the alerts page shows the deliveries", async () => {
    await page.reload();
    await page.waitForSelector(`${card(ctx.alert.id)} tr.delivery`);
    const row = await page.evaluate((c) => {
      const tr = document.querySelector(`${c} tr.delivery`);
      return {status: tr.dataset.status, badge: tr.querySelector(".badge").textContent, cells: [...tr.cells].map((td) => td.textContent),
        retry: tr.querySelectorAll(".retry").length};
    }, card(ctx.alert.id));
    check("delivered: the status badge, channel, kind, event and attempts", row.status === "delivered" && row.badge === "delivered"
      && row.cells[1] === "webhook" && row.cells[2] === "new event" && row.cells[3] === ctx.event && row.cells[4] === "1" && row.retry === 0, row);
    const dead = await page.evaluate((c) => {
      const tr = document.querySelector(`${c} tr.delivery`);
      return {id: tr.dataset.deliveryId, status: tr.dataset.status, error: tr.querySelector(".delivery-error").textContent,
        retry: tr.querySelectorAll(".retry").length};
    }, card(ctx.failing.id));
    check("dead: its last error and a Retry button", dead.status === "dead" && /500/.test(dead.error) && dead.retry === 1, dead);
    ctx.dead = dead.id;
    await page.waitForSelector(`${card(ctx.alert.id)} .alert-matches[data-count]`);
    const count = Number(await page.getAttribute(`${card(ctx.alert.id)} .alert-matches`, "data-count"));
    check("alerts page: it selects one event more now", count === metrics.selects_before + 1, {before: metrics.selects_before, now: count});
    await page.locator(card(ctx.alert.id)).screenshot({path: shot("alerts-card-en.png")});
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({path: shot("alerts-en.png"), fullPage: true});
  }, {needed: true});

  await step("the Atom feed opens and parses", async () => {
    const feed = await page.evaluate(async (url) => {
      const r = await fetch(url);
      const text = await r.text();
      const xml = new DOMParser().parseFromString(text, "application/xml");
      const root = xml.documentElement;
      const entries = [...xml.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry")];
      return {status: r.status, type: r.headers.get("content-type"), root: root.localName, ns: root.namespaceURI,
        error: xml.getElementsByTagName("parsererror").length, title: xml.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "title")[0]?.textContent,
        entries: entries.length, entry: entries[0]?.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "content")[0]?.textContent || ""};
    }, ctx.feed);
    check("feed: Atom, parsed", feed.status === 200 && /atom\+xml/.test(feed.type) && feed.root === "feed"
      && feed.ns === "http://www.w3.org/2005/Atom" && feed.error === 0 && feed.title === "Libya desk", feed);
    check("feed: one entry, the new event", feed.entries === 1 && feed.entry.includes(ctx.event), {entries: feed.entries, entry: feed.entry.slice(0, 200)});
    const [popup] = await Promise.all([context.waitForEvent("page"), page.click(`${card(ctx.alert.id)} .open-feed`)]);
    const answer = await popup.waitForEvent("response", {predicate: (r) => r.url() === ctx.feed, timeout: 10000}).catch(() => null)
      ?? null;
    await popup.waitForLoadState();
    check("feed: its link opens the feed", popup.url() === ctx.feed && (!answer || answer.status() === 200), popup.url());
    await popup.close();
  });

  await step("a dead delivery is sent again", async () => {
    const retried = page.waitForResponse((r) => r.url().endsWith(`/api/deliveries/${ctx.dead}/retry`) && r.request().method() === "POST");
    await page.click(`${card(ctx.failing.id)} tr.delivery[data-delivery-id='${ctx.dead}'] .retry`);
    check("retry: the API took it", (await retried).status() === 200);
    await page.waitForSelector(`${card(ctx.failing.id)} tr.delivery[data-delivery-id='${ctx.dead}'][data-status='pending']`);
    check("retry: pending again, and said so", /will be sent again/.test(await page.textContent(".alerts-status"))
      && (await page.locator(`${card(ctx.failing.id)} .retry`).count()) === 0);
  });

  // -- Arabic ----------------------------------------------------------------------------------
  await step("the alerts page in Arabic", async () => {
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    await page.waitForFunction(() => document.querySelector(".alerts-page h2")?.textContent === "التنبيهات");
    const shown = await page.evaluate((c) => {
      const el = document.querySelector(c);
      const box = el.getBoundingClientRect();
      const name = el.querySelector(".alert-name").getBoundingClientRect();
      return {search: el.querySelector(".alert-search").textContent, badge: el.querySelector("tr.delivery .badge").textContent,
        remove: el.querySelector(".remove-alert").textContent, nav: document.querySelector(".nav-alerts").textContent,
        nameRight: box.right - name.right, nameLeft: name.left - box.left};
    }, card(ctx.alert.id));
    check("Arabic: the search, statuses and buttons in Arabic", /ليبيا/.test(shown.search) && shown.badge === "سُلِّم"
      && shown.remove === "احذف" && shown.nav === "التنبيهات", shown);
    check("Arabic: mirrored (the name starts on the right)", shown.nameRight < shown.nameLeft, shown);
    check("Arabic: the message over the list said again in Arabic", (await page.textContent(".alerts-status")) === "سيُعاد إرسال التسليم "
      + `${ctx.dead}.`, await page.textContent(".alerts-status"));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({path: shot("alerts-ar.png"), fullPage: true});
    await page.goto(`${BASE}/#/?country=${COUNTRY}`);
    await page.waitForSelector(".follow-button");
    await page.click(".follow-button");
    await page.waitForSelector("dialog.follow-dialog[open] .follow-form");
    const form = await page.evaluate(() => ({name: document.querySelector(".follow-dialog input[name='name']").value,
      language: document.querySelector(".follow-dialog select[name='language']").value,
      title: document.querySelector("#follow-title").textContent}));
    check("Arabic: the follow form in Arabic, messages in Arabic by default", /ليبيا/.test(form.name) && form.language === "ar"
      && form.title === "تابع هذا البحث", form);
    await page.click(".follow-cancel");
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.dir === "ltr");
  });

  // -- Remove (with confirm) ---------------------------------------------------------------------
  await step("remove an alert", async () => {
    await page.goto(`${BASE}/#/alerts`);
    const c = card(ctx.failing.id);
    await page.waitForSelector(`${c} .remove-alert`);
    await page.click(`${c} .remove-alert`);
    await page.waitForSelector(`${c} .remove-confirm`);
    check("remove: asks first", /Stop following/.test(await page.textContent(`${c} .remove-confirm`)));
    await page.click(`${c} .remove-no`);
    await page.waitForSelector(`${c} .remove-alert`);
    check("remove: Cancel keeps it", (await page.locator(c).count()) === 1);
    await page.click(`${c} .remove-alert`);
    const removed = page.waitForResponse((r) => r.url().endsWith(`/api/alerts/${ctx.failing.id}`) && r.request().method() === "DELETE");
    await page.click(`${c} .remove-yes`);
    check("remove: the API removed it (204)", (await removed).status() === 204);
    await page.waitForSelector(c, {state: "detached"});
    check("remove: gone from the page, the other kept", (await page.locator(".alert-card").count()) === 1
      && (await page.locator(card(ctx.alert.id)).count()) === 1 && /removed/.test(await page.textContent(".alerts-status")));
    const list = JSON.parse((await apiGet("/api/alerts")).body).alerts.map((a) => a.id);
    check("remove: the API no longer lists it", JSON.stringify(list) === JSON.stringify([ctx.alert.id]), list);
    const feed = await apiGet(new URL(ctx.failing.feed, BASE).pathname + new URL(ctx.failing.feed, BASE).search);
    check("remove: its feed is gone (404)", feed.status === 404, feed.status);
  });

  problemChecks();
  await context.close();
} finally {
  await browser.close();
}

report();
