// What the browser tests share: headless Debian chromium through playwright-core (from the
// dashboard's node_modules), checks and steps, the problems a page shows (CSP violations, page
// errors, console errors, requests off the server, failed requests) and the one JSON line of
// results each script prints: {ok, checks: [{name, ok, detail}], metrics, problems}.
//
//   const {browser, check, step, newPage, shot, metrics, problemChecks, report} = await launch({timeout: 15000});
//   try { ...steps... problemChecks(); } finally { await browser.close(); }
//   report(); // the JSON line; exit code 1 when a check failed
//
// Env: BASE_URL (a running rasid API, default http://127.0.0.1:8000), ARTIFACTS (screenshot
// folder, default tests/artifacts), CHROMIUM (default /usr/bin/chromium).

import {createRequire} from "node:module";
import {mkdirSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
const require = createRequire(path.join(repo, "src", "rasid", "dashboard", "package.json"));
const {chromium} = require("playwright-core");

export const BASE = (process.env.BASE_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
export const ARTIFACTS = process.env.ARTIFACTS || path.join(repo, "tests", "artifacts");
const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";

/** Start chromium; the checks and steps of one script, its problems and its report.
 *  `timeout`: each page's default timeout (ms). */
export async function launch({timeout = 15000} = {}) {
  const checks = [];
  const metrics = {};
  const problems = {console: [], pageErrors: [], csp: [], external: [], failed: []};

  function check(name, ok, detail = "") {
    checks.push({name, ok: Boolean(ok), detail: typeof detail === "string" ? detail : JSON.stringify(detail)});
    return Boolean(ok);
  }

  let stopped = false; // a step the later ones need failed: they are not run (and say so)
  /** Run a step; an error fails a check named after it. `needed`: later steps are not run when it fails. */
  async function step(name, fn, {needed = false} = {}) {
    if (stopped) {
      check(name, false, "not run: an earlier step it needs failed");
      return;
    }
    try {
      await fn();
    } catch (err) {
      check(name, false, `${err.name}: ${err.message.split("\n").slice(0, 3).join(" | ")}`);
      if (needed) stopped = true;
    }
  }

  mkdirSync(ARTIFACTS, {recursive: true});
  const shot = (name) => path.join(ARTIFACTS, name);

  const browser = await chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking"],
  });

  /** A page that notes CSP violations, page errors, console errors (but those `ignoreConsole`
   *  matches, such as the browser's line for a write the API refused on purpose), requests
   *  off the server and failed ones. */
  async function newPage(context, {ignoreConsole = null} = {}) {
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on("console", (msg) => {
      const text = msg.text();
      if (/Content.Security.Policy|Refused to/i.test(text)) problems.csp.push(text);
      else if (msg.type() === "error" && !(ignoreConsole && ignoreConsole.test(text))) problems.console.push(text);
    });
    page.on("pageerror", (err) => problems.pageErrors.push(String(err)));
    page.on("request", (req) => {
      if (!req.url().startsWith(BASE) && !req.url().startsWith("data:")) problems.external.push(req.url());
    });
    page.on("requestfailed", (req) => {
      const reason = req.failure()?.errorText || "";
      if (!/ERR_ABORTED/.test(reason)) problems.failed.push(`${req.url()} ${reason}`);
    });
    return page;
  }

  /** The checks of the problems noted: `console` false leaves console errors unchecked
   *  (they are still reported); `external` names the check of requests off the server. */
  function problemChecks({console = true, external = "no requests leave the server"} = {}) {
    check("no CSP violations", problems.csp.length === 0, problems.csp);
    check("no page errors", problems.pageErrors.length === 0, problems.pageErrors);
    if (console) check("no console errors", problems.console.length === 0, problems.console);
    check(external, problems.external.length === 0, problems.external);
    check("no failed requests", problems.failed.length === 0, problems.failed);
  }

  /** Print the one JSON line of results; the exit code says whether every check passed. */
  function report() {
    const ok = checks.length > 0 && checks.every((c) => c.ok);
    process.stdout.write(JSON.stringify({ok, checks, metrics, problems}) + "\n");
    process.exitCode = ok ? 0 : 1;
    return ok;
  }

  return {browser, check, step, newPage, shot, checks, metrics, problems, problemChecks, report};
}
