// Opens the Riffle application master's page in headless Chromium and reports what a person sees.
//
//   node check-page.mjs --url URL --screenshot FILE [--timeout-ms 90000] [--chromium /usr/bin/chromium]
//                       [--then-await-unreachable-ms MS]
//
// Reads the page twice, without reloading it: once when containers and tasks have rendered, then
// again once the page has refreshed itself and the records it shows have grown (or the timeout
// passed). Prints one JSON line {"first": ..., "second": ..., "errors": [...]} and saves a
// full-page screenshot. With --then-await-unreachable-ms it keeps the page open and, once the AM
// stops answering (the caller kills it after the first line), prints a second line
// {"unreachable": banner text, "stale": ...}. It judges nothing: AmWebPageIT asserts on the JSON.
// Exit status: 0 when it could read the page, 1 when it could not (the reason on stderr), 2 for
// bad usage.
import { chromium } from "playwright-core";

function parseArgs(argv) {
  const args = { timeoutMs: 90000, chromium: "/usr/bin/chromium" };
  for (let i = 0; i < argv.length; i++) {
    const next = () => {
      if (i + 1 >= argv.length) usage(argv[i] + " needs a value");
      return argv[++i];
    };
    switch (argv[i]) {
      case "--url": args.url = next(); break;
      case "--screenshot": args.screenshot = next(); break;
      case "--timeout-ms": args.timeoutMs = Number(next()); break;
      case "--chromium": args.chromium = next(); break;
      case "--then-await-unreachable-ms": args.awaitUnreachableMs = Number(next()); break;
      case "--help": console.log("usage: node check-page.mjs --url URL --screenshot FILE [--timeout-ms MS] [--chromium PATH]"); process.exit(0);
      default: usage("unknown argument " + argv[i]);
    }
  }
  if (!args.url || !args.screenshot || !(args.timeoutMs > 0)) usage("--url and --screenshot are required");
  return args;
}

function usage(problem) {
  console.error("check-page.mjs: " + problem + "\nusage: node check-page.mjs --url URL --screenshot FILE [--timeout-ms MS] [--chromium PATH]");
  process.exit(2);
}

// Runs in the page: the visible state, taken from the rendered DOM only.
function readPage() {
  const text = sel => (document.querySelector(sel) || {}).textContent || "";
  const rows = sel => [...document.querySelectorAll(sel + " tbody tr")].filter(tr => tr.querySelector("[data-field]"));
  const fields = tr => Object.fromEntries([...tr.querySelectorAll("[data-field]")].map(td => [td.dataset.field,
    { text: td.textContent, value: td.dataset.value === undefined ? null : td.dataset.value }]));
  return {
    job: text("#job"),
    state: text("#state"),
    applicationId: text("#app"),
    attempt: text("#attempt"),
    uptime: text("#uptime"),
    refreshes: Number(document.body.dataset.refreshes || 0),
    unreachable: document.querySelector("#unreachable.shown") ? text("#unreachable") : "",
    chartSamples: Number(document.querySelector("#chart").dataset.samples || 0),
    chartLines: document.querySelectorAll("#chart polyline.total").length,
    configRows: document.querySelectorAll("#config tbody tr").length,
    configText: text("#config"),
    containers: rows("#containers").map(fields),
    tasks: rows("#tasks").map(fields),
  };
}

function totalRecords(view) {
  return view.tasks.reduce((sum, t) => sum + Number((t.records && t.records.value) || 0), 0);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const errors = [];
  const browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    // Running as root in CI: Chromium's sandbox needs a user namespace it does not get there. The
    // network flags keep Chromium from calling out to its own services on a machine without internet.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic",
           "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on("pageerror", e => errors.push("page error: " + e.message));
    page.on("console", m => { if (m.type() === "error") errors.push("console error: " + m.text()); });
    const deadline = Date.now() + args.timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());

    const response = await page.goto(args.url, { waitUntil: "load", timeout: left() });
    const status = response ? response.status() : 0;
    // Containers and tasks rendered, with at least one record counted.
    await page.waitForFunction(() => document.querySelectorAll("#tasks tbody tr[data-partition]").length > 0
        && document.querySelectorAll("#containers tbody tr[data-container]").length > 0
        && [...document.querySelectorAll("#tasks [data-field=records]")].some(td => Number(td.dataset.value) > 0),
      null, { timeout: left(), polling: 250 }).catch(e => errors.push("first read: " + e.message.split("\n")[0]));
    const first = await page.evaluate(readPage);

    // The same page, not reloaded: its own polling must bring newer numbers.
    await page.waitForFunction(([refreshes, records]) => {
      const now = [...document.querySelectorAll("#tasks [data-field=records]")].reduce((s, td) => s + Number(td.dataset.value || 0), 0);
      return Number(document.body.dataset.refreshes || 0) > refreshes && now > records
        && Number(document.querySelector("#chart").dataset.samples || 0) > 0;
    }, [first.refreshes, totalRecords(first)], { timeout: left(), polling: 250 })
      .catch(e => errors.push("second read: " + e.message.split("\n")[0]));
    await page.click("#configSection summary").catch(e => errors.push("config: " + e.message.split("\n")[0]));
    const second = await page.evaluate(readPage);
    await page.screenshot({ path: args.screenshot, fullPage: true });
    console.log(JSON.stringify({ url: args.url, httpStatus: status, first, second,
      firstRecords: totalRecords(first), secondRecords: totalRecords(second), errors }));
    if (args.awaitUnreachableMs > 0) {
      const waitError = await page.waitForSelector("#unreachable.shown", { timeout: args.awaitUnreachableMs })
        .then(() => "", e => e.message.split("\n")[0]);
      const gone = await page.evaluate(() => ({
        unreachable: document.querySelector("#unreachable.shown") ? document.querySelector("#unreachable").textContent : "",
        stale: document.querySelector("main").classList.contains("stale"),
        tasksKept: document.querySelectorAll("#tasks tbody tr[data-partition]").length,
      }));
      await page.screenshot({ path: args.screenshot.replace(/\.png$/, "") + "-unreachable.png", fullPage: true });
      console.log(JSON.stringify({ ...gone, waitError }));
    }
  } finally {
    await browser.close();
  }
}

main().catch(e => {
  console.error("check-page.mjs could not read " + process.argv.join(" ") + ": " + (e && e.stack ? e.stack : e));
  process.exit(1);
});
