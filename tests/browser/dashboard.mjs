// Browser test of rasid's dashboard: headless Debian chromium driven by playwright-core.
//
//   BASE_URL=http://127.0.0.1:8000 HOSTILE_DOC=hostile-xss node tests/browser/dashboard.mjs
//
// Env: BASE_URL (a running rasid API), HOSTILE_DOC (doc_id of an article whose text holds
// markup that must stay text), ARTIFACTS (screenshot folder, default tests/artifacts),
// CHROMIUM (default /usr/bin/chromium), RASID_SCREENSHOTS=1 (also write the documentation's
// screenshots, docs/screenshots/dashboard-{en,ar}.png at 1280x800; off by default, so a test
// run does not rewrite tracked files). Prints one JSON object on stdout:
// {ok, checks: [{name, ok, detail}], metrics, problems}; exits 1 when a check failed
// (harness.mjs: the browser, checks and steps, the problems noted, the report).

import {mkdirSync} from "node:fs";
import path from "node:path";
import {BASE, launch, repo} from "./harness.mjs";

const HOSTILE_DOC = process.env.HOSTILE_DOC || "hostile-xss";
const DOC_SCREENSHOTS = process.env.RASID_SCREENSHOTS === "1" ? path.join(repo, "docs", "screenshots") : null;

const {browser, check, step, newPage, shot, metrics, problemChecks, report} = await launch({timeout: 20000});

try {
  const context = await browser.newContext({viewport: {width: 1440, height: 1000}, locale: "en-US", deviceScaleFactor: 1});
  const page = await newPage(context);
  await page.addInitScript(slowOneAnswer);

  // -- first load: weight and time ------------------------------------------------------------
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", {cacheDisabled: true});
  let bytes = 0;
  let requests = 0;
  const counting = {on: true};
  const urls = new Map();
  const sizes = [];
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url.replace(BASE, "")));
  cdp.on("Network.loadingFinished", (e) => {
    if (!counting.on) return;
    bytes += e.encodedDataLength;
    requests += 1;
    sizes.push([urls.get(e.requestId), e.encodedDataLength]);
  });

  await step("first load", async () => {
    await page.goto(`${BASE}/`, {waitUntil: "domcontentloaded"});
    await page.waitForSelector("body[data-ready='1']");
    await page.waitForFunction(() => document.querySelectorAll(".ev-marker").length > 0 && document.querySelectorAll(".ev-row").length > 0);
    await page.waitForLoadState("load");
    const t = await page.evaluate(() => ({
      ready: performance.getEntriesByName("rasid:ready")[0]?.startTime,
      load: performance.getEntriesByType("navigation")[0]?.loadEventEnd,
    }));
    counting.on = false;
    metrics.first_load_ms = Math.round(t.ready);
    metrics.load_event_ms = Math.round(t.load);
    metrics.first_load_bytes = bytes;
    metrics.first_load_requests = requests;
    metrics.largest = sizes.sort((a, b) => b[1] - a[1]).slice(0, 8);
    check("map markers and table rows rendered", true, `${metrics.first_load_ms} ms`);
  });

  const markerCount = () => page.locator(".ev-marker").count();
  const rowTypes = () => page.$$eval(".ev-row", (rows) => rows.map((r) => r.dataset.type));

  await step("dashboard content", async () => {
    metrics.markers_all = await markerCount();
    metrics.rows_first_page = (await rowTypes()).length;
    check("timeline bars drawn", (await page.locator(".tl-bar").count()) > 0);
    check("basemap countries drawn", (await page.locator(".leaflet-overlay-pane path:not(.ev-marker)").count()) > 50);
    check("English by default, left to right", (await page.evaluate(() => document.documentElement.dir)) === "ltr");
    await page.screenshot({path: shot("dashboard-en.png")});
    await page.locator(".map-panel").screenshot({path: shot("map-en.png")});
    await page.locator(".timeline-panel").screenshot({path: shot("timeline-en.png")});
  });

  await step("sorting and paging", async () => {
    await page.click("th button[data-sort='fatalities']");
    await page.waitForFunction(() => document.querySelector("th[aria-sort='descending'] button[data-sort='fatalities']"));
    await page.waitForFunction(() => {
      const cells = [...document.querySelectorAll(".ev-row td:nth-child(6)")].map((td) => Number(td.textContent.replace(/,/g, "")));
      return cells.length > 1 && cells.every((v, i) => i === 0 || cells[i - 1] >= v) && cells[0] > 0;
    });
    check("sort by fatalities (descending)", true);
    const firstPage = await page.$$eval(".ev-row", (rows) => rows.map((r) => r.dataset.eventId));
    if (await page.locator(".pager .next:not([disabled])").count()) {
      await page.click(".pager .next");
      await page.waitForFunction((first) => {
        const ids = [...document.querySelectorAll(".ev-row")].map((r) => r.dataset.eventId);
        return ids.length && !ids.some((id) => first.includes(id));
      }, firstPage);
      const info = await page.textContent(".page-info");
      check("cursor paging: next page has other events", /Page 2/.test(info), info);
      await page.click(".pager .prev");
      await page.waitForFunction((first) => document.querySelector(".ev-row")?.dataset.eventId === first[0], firstPage);
      check("cursor paging: previous page comes back", true);
    } else {
      check("cursor paging: a second page exists", false, `${firstPage.length} rows only`);
    }
  });

  await step("filter by type", async () => {
    const before = await markerCount();
    await page.selectOption("select[name='type']", "Battles");
    await page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll(".ev-row")];
      return rows.length > 0 && rows.every((r) => r.dataset.type === "Battles")
        && document.querySelectorAll(".ev-marker").length !== n && document.body.dataset.ready === "1";
    }, before);
    const types = await rowTypes();
    const after = await markerCount();
    metrics.markers_battles = after;
    check("filter Battles: every row is Battles", types.length > 0 && types.every((x) => x === "Battles"), types);
    check("filter Battles: marker count changed", after > 0 && after < before, `${before} -> ${after}`);
    check("filter Battles: in the URL", (await page.evaluate(() => location.hash)).includes("type=Battles"));
    const hrefs = await page.$$eval(".exports a", (as) => as.map((a) => a.getAttribute("href")));
    check("export links carry the filters", hrefs.length === 7 && hrefs.every((h) => h.includes("type=Battles") && h.includes("format=")), hrefs);
    const downloads = await page.evaluate(async (links) => Promise.all(links.map(async (href) => {
      const r = await fetch(href);
      const body = await r.arrayBuffer();
      return {href, status: r.status, disposition: r.headers.get("content-disposition"), bytes: body.byteLength};
    })), hrefs);
    check("every export downloads as an attachment",
      downloads.every((d) => d.status === 200 && /attachment/.test(d.disposition || "") && d.bytes > 0), downloads);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({path: shot("dashboard-battles-en.png")});
  });

  await step("bbox from the map view", async () => {
    await page.click("#bbox-from-map");
    await page.waitForFunction(() => /^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/.test(document.querySelector("input[name='bbox']").value)
      && location.hash.includes("bbox="));
    await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 0);
    check("bbox filter from the map view", true, await page.inputValue("input[name='bbox']"));
    await page.click("#reset");
    await page.waitForFunction(() => !location.hash.includes("type=") && document.querySelector("select[name='type']").value === "");
  });

  await step("filters that match nothing say so", async () => {
    check("empty filters: timeline, map and table say no events match (English)", ...(await emptyFilterMessages(page)));
  });

  await step("country filter by name", async () => {
    const total = await page.evaluate(async () => (await (await fetch("/api/stats?country=SY")).json()).events);
    for (const name of ["Syria", "سوريا", "SY"]) {
      await page.fill("input[name='country']", name);
      await page.press("input[name='country']", "Enter");
      await page.waitForFunction(({name, total}) => new URLSearchParams(location.hash.split("?")[1]).get("country") === name
        && document.querySelector(".page-info")?.textContent.endsWith(` ${total}`) && !document.querySelector("#status").textContent,
      {name, total}, {timeout: 8000});
      const note = await page.textContent("#country-note");
      check(`country filter '${name}': the events of SY (${total})`, total > 0 && (name === "SY" || note.includes("(SY)")), note);
    }
    await page.click("#reset");
    await page.waitForFunction(() => !location.hash.includes("country="));
  });

  await step("admin names once in the table (English)", async () => {
    check("table: each place and admin name once, whole (English)", ...(await placeCellsOnce(page)));
  });

  // -- an event page --------------------------------------------------------------------------
  await step("event page", async () => {
    await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 0);
    await page.locator(".ev-row").first().click(); // sorted by fatalities: the event with most claims
    await page.waitForSelector(".article-text .seg.ev-sentence");
    const id = await page.getAttribute(".event-page", "data-event-id");
    metrics.event_checked = id;
    check("event page: evidence sentence highlighted", (await page.locator(".article-text .seg.ev-sentence").count()) > 0);
    check("event page: article is right to left", (await page.getAttribute(".article-text", "dir")) === "rtl");
    check("event page: claims table", (await page.locator(".claims-table tbody tr").count()) > 0);
    check("event page: sources listed", (await page.locator(".source-list li").count()) > 0);
    check("event page: spans match the API's offsets", ...(await spansMatch(page, id)));
    // A field -> its span
    const field = page.locator(".field.has-span[data-field='type'], .field.has-span").first();
    const key = await field.getAttribute("data-field");
    await field.click();
    const lit = await page.$$eval(".article-text .seg.hl", (els) => els.map((e) => e.textContent).join("|"));
    check(`clicking field '${key}' highlights its span`, lit.length > 0 && (await field.getAttribute("class")).includes("hl"), lit);
    // A span -> its field
    const word = page.locator(".article-text .seg.mention.linked").last();
    await word.scrollIntoViewIfNeeded();
    await word.click();
    const rows = await page.$$eval(".event-page .field.hl, .event-page tr.claim.hl", (els) => els.map((e) => e.dataset.field));
    check("clicking a word highlights its field", rows.length > 0, rows);
    await field.click();
    await page.screenshot({path: shot("event-en.png")});
  });

  await step("evidence: two events of one article in turn", async () => {
    const [first, second] = await page.evaluate(async () => {
      const {events} = await (await fetch("/api/events?limit=500")).json();
      const byDoc = new Map();
      for (const e of events.filter((e) => e.sources.length === 1)) { // its page shows that one article
        for (const ev of e.evidence) byDoc.set(ev.doc_id, [...(byDoc.get(ev.doc_id) || []), {id: e.id, span: ev.span.join("-")}]);
      }
      // Two events whose sentences in the article differ: a page showing the other's is caught.
      for (const [doc, evs] of byDoc) {
        const other = evs.find((e) => e.id !== evs[0].id && e.span !== evs[0].span);
        if (other) return [{id: evs[0].id, doc}, {id: other.id, doc}];
      }
      return [];
    });
    if (!check("evidence: an article with two events", first && second)) return;
    const open = async (id) => {
      await page.evaluate((id) => { location.hash = `#/event/${encodeURIComponent(id)}`; }, id);
      await page.waitForFunction((id) => document.querySelector(".event-page")?.dataset.eventId === id
        && document.querySelector(".article-text .seg.ev-sentence"), id);
    };
    // The first event's article answers late, after the second event is open (a slow network,
    // where aborting comes too late): the first must not replace the second.
    await page.evaluate(() => { location.hash = "#/"; });
    await page.evaluate((doc) => { window.__rasidSlow = {match: `/api/articles/${encodeURIComponent(doc)}`, ms: 1500}; }, first.doc);
    await page.evaluate((id) => { location.hash = `#/event/${encodeURIComponent(id)}`; }, first.id);
    await page.waitForFunction(() => window.__rasidSlow.taken, null, {timeout: 5000});
    await open(second.id);
    await page.waitForTimeout(2000);
    const shown = await page.getAttribute(".event-page", "data-event-id");
    check("evidence: a late answer for the event opened before does not replace the one opened since", shown === second.id,
      {shown, first: first.id, second: second.id});
    check("evidence: the second event shows its own sentences", ...(await spansMatch(page, second.id, second.doc)));
    check("evidence: only its own sentences look like evidence", ...(await paintedAsEvidence(page)));
    await open(first.id);
    check("evidence: then the first event shows its own sentences", ...(await spansMatch(page, first.id, first.doc)));
    check("evidence: only its own sentences look like evidence (first)", ...(await paintedAsEvidence(page)));
  });

  // -- the hostile article --------------------------------------------------------------------
  await step("hostile article", async () => {
    const article = await (await page.request.get(`${BASE}/api/articles/${encodeURIComponent(HOSTILE_DOC)}`)).json();
    const eventId = article.events?.[0]?.event_id;
    if (!check("hostile article yields an event", Boolean(eventId), article.events)) return;
    await page.goto(`${BASE}/#/event/${encodeURIComponent(eventId)}?doc=${encodeURIComponent(HOSTILE_DOC)}`);
    await page.waitForSelector(".article-text .seg.ev-sentence");
    const probe = await page.evaluate(() => ({
      pwned: typeof window.__pwned,
      articleElements: document.querySelectorAll("#article script, #article img, #article b, .event-page img, .event-page script").length,
      imgs: [...document.querySelectorAll("img")].map((i) => i.getAttribute("src")).filter((s) => s === "x"),
      scripts: [...document.querySelectorAll("script")].map((s) => s.getAttribute("src") || "INLINE"),
      jsLinks: document.querySelectorAll("a[href^='javascript:' i]").length,
      text: document.querySelector(".article-text").innerText,
      title: document.querySelector(".article-title").innerText,
      sources: document.querySelector(".source-list").innerText,
    }));
    check("hostile: window.__pwned undefined", probe.pwned === "undefined", probe.pwned);
    check("hostile: no element from the article in the DOM", probe.articleElements === 0 && probe.imgs.length === 0, probe);
    check("hostile: only the dashboard's own scripts", probe.scripts.length === 2 && !probe.scripts.includes("INLINE"), probe.scripts);
    check("hostile: markup shown as text", probe.text.includes("<script>window.__pwned=1</script>")
      && probe.text.includes('<img src=x onerror="window.__pwned=1">') && probe.title.includes("<img src=x"), probe.text.slice(0, 300));
    check("hostile: javascript: URL is not a link", probe.jsLinks === 0 && probe.sources.includes("javascript:"), probe.sources);
    check("hostile: spans right after emoji", ...(await spansMatch(page, eventId, HOSTILE_DOC)));
    await page.screenshot({path: shot("event-hostile-en.png")});
  });

  // -- Arabic -------------------------------------------------------------------------------
  await step("Arabic interface", async () => {
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    await page.waitForFunction(() => document.querySelector(".fields h3")?.textContent === "الحقول");
    const doc = await page.evaluate(() => ({dir: document.documentElement.dir, lang: document.documentElement.lang,
      back: document.querySelector(".back")?.textContent, fields: document.querySelector(".fields h3")?.textContent}));
    check("Arabic: dir=rtl and lang=ar", doc.dir === "rtl" && doc.lang === "ar", doc);
    check("Arabic: interface strings translated", doc.fields === "الحقول", doc);
    await page.screenshot({path: shot("event-hostile-ar.png")});
    if (metrics.event_checked) {
      await page.goto(`${BASE}/#/event/${encodeURIComponent(metrics.event_checked)}`);
      await page.reload();
      await page.waitForSelector(".article-text .seg.ev-sentence");
      check("Arabic: remembered after reload", (await page.evaluate(() => document.documentElement.dir)) === "rtl");
      await page.locator(".field.has-span").first().click();
      await page.screenshot({path: shot("event-ar.png")});
    }
    await page.goto(`${BASE}/#/`);
    await page.waitForSelector("body[data-ready='1']");
    await page.waitForFunction(() => document.querySelectorAll(".ev-marker").length > 0 && document.querySelectorAll(".ev-row").length > 0);
    const layout = await page.evaluate(() => {
      const f = document.querySelector(".filters").getBoundingClientRect();
      const m = document.querySelector(".main").getBoundingClientRect();
      return {filtersLeft: f.left, mainLeft: m.left, legend: document.querySelector(".legend-item")?.textContent};
    });
    check("Arabic: layout mirrored (filters on the right)", layout.filtersLeft > layout.mainLeft, layout);
    check("Arabic: event types in Arabic", /معارك|انفجارات/.test(await page.textContent(".legend")), layout.legend);
    await page.screenshot({path: shot("dashboard-ar.png")});
    await page.locator(".timeline-panel").screenshot({path: shot("timeline-ar.png")});
    await page.click("#lang-switch");
    await page.waitForFunction(() => document.documentElement.dir === "ltr");
  });

  await step("Arabic: names of places and claim subjects", async () => {
    await setLanguage(page, "ar");
    const event = await page.evaluate(async () => {
      const {events} = await (await fetch("/api/events?limit=500")).json();
      const arabicAdmin = (e) => e.location?.admin1_ar && e.location.admin1_ar !== e.location.admin1;
      const arabicSubject = (e) => e.claims.some((c) => c.subject_ar && c.subject_ar !== c.subject);
      return events.find((e) => arabicAdmin(e) && arabicSubject(e)) || null;
    });
    if (!check("Arabic: the API gives admin areas' and claim subjects' Arabic names", event, "no event with admin1_ar and subject_ar")) return;
    await page.evaluate((id) => { location.hash = `#/event/${encodeURIComponent(id)}`; }, event.id);
    await page.waitForFunction((id) => document.querySelector(".event-page")?.dataset.eventId === id, event.id);
    const admin = await page.textContent(".event-page .admin-areas");
    check("Arabic: the event's admin areas in Arabic", admin.includes(event.location.admin1_ar) && !admin.includes(event.location.admin1), admin);
    check("Arabic: event page admin areas each once", ...distinctParts(admin.split(":").slice(1).join(":"), " › "));
    const subjects = await page.$$eval(".claims-table tbody tr td:nth-child(3)", (tds) => tds.map((td) => td.textContent));
    const want = event.claims.map((c) => c.subject_ar || c.subject || "—");
    check("Arabic: claim subjects in Arabic", JSON.stringify(subjects) === JSON.stringify(want), {subjects, want});
    await page.evaluate(() => { location.hash = "#/?limit=250"; });
    await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 50 && !document.querySelector("#status").textContent);
    const rows = await page.evaluate(async () => {
      const {events} = await (await fetch("/api/events?limit=250")).json();
      const cells = new Map([...document.querySelectorAll(".ev-row")].map((r) => [r.dataset.eventId, r.children[4].textContent]));
      return events.filter((e) => e.location?.admin1_ar && cells.has(e.id))
        .map((e) => ({id: e.id, want: e.location.admin1_ar, cell: cells.get(e.id)}));
    });
    const english = rows.filter((r) => !r.cell.includes(r.want));
    check("Arabic: table places with Arabic admin1 names", rows.length > 0 && english.length === 0, english.slice(0, 3));
    const options = await page.evaluate(async () => {
      const areas = (await (await fetch("/api/stats")).json()).by_admin1.filter((r) => r.admin1_ar);
      const labels = new Map([...document.querySelectorAll("select[name='admin1'] option")].map((o) => [o.value, o.textContent]));
      return areas.map((a) => ({admin1: a.admin1, want: a.admin1_ar, label: labels.get(a.admin1)}));
    });
    const untranslated = options.filter((o) => o.label !== o.want);
    check("Arabic: admin1 filter lists Arabic names", options.length > 0 && untranslated.length === 0, untranslated.slice(0, 3));
    check("table: each place and admin name once, whole (Arabic)", ...(await placeCellsOnce(page)));
    check("empty filters: timeline, map and table say no events match (Arabic)", ...(await emptyFilterMessages(page)));
    await page.evaluate(() => { location.hash = "#/"; });
    await setLanguage(page, "en");
  });

  if (DOC_SCREENSHOTS) {
    await step("documentation screenshots", async () => {
      mkdirSync(DOC_SCREENSHOTS, {recursive: true});
      for (const lang of ["en", "ar"]) {
        const file = path.join(DOC_SCREENSHOTS, `dashboard-${lang}.png`);
        await docScreenshot(browser, lang, file);
        check(`documentation screenshot ${path.relative(repo, file)}`, true);
      }
    });
  }

  // console errors are reported, not checked here (the review and alerts scripts check them)
  problemChecks({console: false, external: "no requests leave the server (offline basemap)"});
  await context.close();
} finally {
  await browser.close();
}

report();

/** For each evidence span of the event in `doc` (default: the shown one), the text the page
 *  marks equals the API's code-point slice of the article text. */
async function spansMatch(page, eventId, doc) {
  return page.evaluate(async ({eventId, doc}) => {
    const event = await (await fetch(`/api/events/${encodeURIComponent(eventId)}`)).json();
    const docId = doc || document.querySelector(".source.shown")?.dataset.doc;
    const article = await (await fetch(`/api/articles/${encodeURIComponent(docId)}`)).json();
    const chars = Array.from(article.text);
    const spans = event.evidence.filter((e) => e.doc_id === docId).map((e) => e.span);
    const bad = [];
    spans.forEach(([s, e], i) => {
      const want = chars.slice(s, e).join("");
      const got = [...document.querySelectorAll(".article-text .seg")]
        .filter((el) => el.dataset.spans.split(" ").includes(`s${i}`)).map((el) => el.textContent).join("");
      if (want !== got) bad.push({i, want: want.slice(0, 60), got: got.slice(0, 60)});
    });
    return [spans.length > 0 && bad.length === 0, bad.length ? bad : `${spans.length} spans`];
  }, {eventId, doc});
}

/** Installed before the page's scripts: when a check sets window.__rasidSlow = {match, ms},
 *  the next fetch whose URL holds `match` answers `ms` late and ignores the page's abort, as
 *  an answer already on its way over a slow network does. Other fetches are untouched. */
function slowOneAnswer() {
  const fetchNow = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const slow = window.__rasidSlow;
    if (!slow || slow.taken || !String(input).includes(slow.match)) return fetchNow(input, init);
    slow.taken = true;
    const response = await fetchNow(input, {...init, signal: undefined});
    await new Promise((resolve) => setTimeout(resolve, slow.ms));
    return response;
  };
}

/** Switch the interface language with the header's button, if it is not already `lang`. */
async function setLanguage(page, lang) {
  const dir = lang === "ar" ? "rtl" : "ltr";
  if ((await page.evaluate(() => document.documentElement.dir)) === dir) return;
  await page.click("#lang-switch");
  await page.waitForFunction((dir) => document.documentElement.dir === dir, dir);
}

/** Filters matching nothing: the timeline, the map and the table each show the same message
 *  (the table's "no events" string, in the interface language). Leaves the view as it was. */
async function emptyFilterMessages(page) {
  const view = await page.evaluate(() => location.hash);
  await page.evaluate(() => { location.hash = "#/?q=rasid-no-such-word"; });
  await page.waitForSelector(".events td.empty");
  const found = await page.waitForFunction(() => {
    const text = (el) => el && !el.closest("[hidden]") ? el.textContent.trim() : "";
    const shown = {timeline: text(document.querySelector("#timeline .empty-note")), map: text(document.querySelector("#map-empty")),
      table: text(document.querySelector(".events td.empty"))};
    return shown.timeline && shown.map && shown.table && !document.querySelector("#status").textContent ? shown : null;
  }, null, {timeout: 5000}).then((h) => h.jsonValue()).catch(() => null);
  await backTo(page, view);
  if (!found) return [false, "no message in the timeline or over the map"];
  const lang = await page.evaluate(() => document.documentElement.lang);
  const same = found.timeline === found.table && found.map === found.table;
  return [same && (lang === "ar") === /[\u0600-\u06FF]/.test(found.table), found];
}

/** Back to a dashboard view (its filters and sort) after a check moved away. */
async function backTo(page, view) {
  await page.evaluate((view) => { location.hash = view || "#/"; }, view);
  await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 0 && !document.querySelector("#status").textContent);
}

/** A name compared loosely: what it holds in brackets, case, accents and punctuation do not count. */
function looseName(name) {
  return name.replace(/\([^)]*\)/g, "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** [ok, detail]: the parts of a joined name line are all different. */
function distinctParts(line, separator) {
  const parts = line.split(separator).map(looseName).filter(Boolean);
  return [parts.length > 0 && new Set(parts).size === parts.length, line];
}

/** Every row's location cell names each place and admin level once, has a title with every
 *  level, and shows its whole text (wrapped, never cut). Needs rows of places that are their
 *  province's seat (Aleppo in Aleppo), which a plain join doubles. */
async function placeCellsOnce(page) {
  const view = await page.evaluate(() => location.hash);
  await page.evaluate(() => { location.hash = "#/?limit=250"; });
  await page.waitForFunction(() => document.querySelectorAll(".ev-row").length > 50 && !document.querySelector("#status").textContent);
  const cells = await page.$$eval(".ev-row", (rows) => rows.map((r) => {
    const td = r.children[4];
    return {text: td.textContent, title: td.title, cut: td.scrollWidth > td.clientWidth + 1 || getComputedStyle(td).textOverflow === "ellipsis"};
  }));
  const seats = await page.evaluate(async () => (await (await fetch("/api/events?limit=250")).json()).events
    .filter((e) => e.location?.name && e.location.name.split(" (")[0] === e.location.admin1).length);
  const doubled = cells.filter((c) => !distinctParts(c.text, " · ")[0]).map((c) => c.text);
  const untitled = cells.filter((c) => !c.title).length;
  const cut = cells.filter((c) => c.cut).map((c) => c.text);
  await backTo(page, view);
  return [seats > 0 && doubled.length === 0 && untitled === 0 && cut.length === 0,
    {rows: cells.length, seats, doubled: doubled.slice(0, 3), untitled, cut: cut.slice(0, 3)}];
}

/** [ok, detail]: every piece of the article painted like the event's evidence (its background)
 *  belongs to one of the event's own sentences (a span s0, s1, ...). */
async function paintedAsEvidence(page) {
  return page.evaluate(() => {
    const evidence = document.querySelector(".article-text .seg.ev-sentence");
    if (!evidence) return [false, "no evidence sentence"];
    const paint = getComputedStyle(evidence).backgroundColor;
    const strays = [...document.querySelectorAll(".article-text .seg")]
      .filter((el) => getComputedStyle(el).backgroundColor === paint && !el.dataset.spans.split(" ").some((id) => /^s\d+$/.test(id)))
      .map((el) => el.textContent.slice(0, 40));
    return [strays.length === 0, strays.length ? strays.slice(0, 3) : "only the event's sentences"];
  });
}

/** The dashboard over the store in one language, 1280x800, as the documentation shows it. */
async function docScreenshot(browser, lang, file) {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}, locale: lang === "ar" ? "ar" : "en-US",
    deviceScaleFactor: 1});
  try {
    await context.addInitScript((lang) => localStorage.setItem("rasid.lang", lang), lang);
    const page = await context.newPage();
    await page.goto(`${BASE}/`);
    await page.waitForSelector("body[data-ready='1']");
    await page.waitForFunction(() => document.querySelectorAll(".ev-marker").length > 0
      && document.querySelectorAll(".leaflet-overlay-pane path:not(.ev-marker)").length > 50 && !document.querySelector("#status").textContent);
    await page.waitForTimeout(300); // the map's fit animation
    await page.screenshot({path: file});
  } finally {
    await context.close();
  }
}
