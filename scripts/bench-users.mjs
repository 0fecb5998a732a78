// Users table at scale: how fast the first page, a search and a sort answer on
// an organization of 100,000 members, through the API and in the app.
//
//   node scripts/bench-users.mjs --url http://127.0.0.1:8080 [--org "Acme Corp"] [--search TERM] [--runs 100] [--ui 5]
//   node scripts/bench-users.mjs --server BIN [--dist dist] [--members 100000] [--runs 100] [--ui 5]
//
// With --url it measures a running server (demo mode, the organization already
// seeded, e.g. `roster-server --demo --seed-members "Acme Corp:100000"`).
// Without, it starts BIN (default: $CARGO_TARGET_DIR/debug/roster-server) on a
// fresh database in a temporary folder with --demo --seed-members ORG:N, and
// stops it at the end. Prints p50/p95 in ms over --runs requests each (budget:
// p95 <= 25 ms on the release server) and, unless --ui 0, the time in headless
// Chromium from navigation / keystroke / click to the table showing the answer.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const orgName = args.org ?? "Acme Corp";
const runs = Number(args.runs ?? 100);
const uiRuns = Number(args.ui ?? 5);
const memberCount = Number(args.members ?? 100000);
const PARTNER = "partner@roster.demo";

let base = args.url;
let cleanup = () => {};
if (!base) {
  const bin = args.server ?? join(process.env.CARGO_TARGET_DIR ?? "target", "debug", "roster-server");
  if (!existsSync(bin)) {
    console.error(`no server at ${bin}: build it (cargo build -p roster-server), pass --server BIN or --url URL`);
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), "roster-bench-users-"));
  const started = Date.now();
  const server = spawn(
    bin,
    ["--demo", "--db", join(dir, "bench.db"), "--bind", "127.0.0.1:0", "--static-dir", args.dist ?? "dist",
      "--seed-members", `${orgName}:${memberCount}`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  cleanup = () => {
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  base = await new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/Roster listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  console.log(`server up with ${memberCount} members seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${base}`);
}
process.on("exit", () => cleanup());

const api = `${base}/api/v1`;
const signIn = await fetch(`${api}/auth/demo-sign-in`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: PARTNER }),
});
if (!signIn.ok) throw new Error(`demo sign-in failed: ${signIn.status} (is the server in --demo mode?)`);
const { token } = await signIn.json();
const headers = { authorization: `Bearer ${token}` };
const orgs = await (await fetch(`${api}/organizations?search=${encodeURIComponent(orgName)}&page_size=100`, { headers })).json();
const org = orgs.items.find((o) => o.name === orgName);
if (!org) throw new Error(`no organization named ${orgName}`);
console.log(`${orgName}: ${org.member_count.toLocaleString("en")} members`);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const report = (label, times) => {
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} p50 ${pct(sorted, 50).toFixed(1).padStart(7)} ms   p95 ${pct(sorted, 95).toFixed(1).padStart(7)} ms   (n=${times.length})`);
};

// What the users page asks for: one page of 25, as the app sends it.
const users = `${api}/organizations/${org.id}/users`;
// A search that finds people: a last name from the data itself.
const sample = await (await fetch(`${users}?page=7&page_size=25&order_by=-created_at`, { headers })).json();
const term = (args.search ?? sample.items[3]?.display_name.split(" ").pop() ?? "smith").toLowerCase();
const found = (await (await fetch(`${users}?page_size=1&search=${encodeURIComponent(term)}`, { headers })).json()).total_count;
console.log(`search term "${term}": ${found.toLocaleString("en")} matches`);
const cases = [
  ["API first page (25, by email)", `${users}?page=1&page_size=25&order_by=email`],
  [`API search '${term}'`, `${users}?page=1&page_size=25&order_by=email&search=${encodeURIComponent(term)}`],
  ["API sort by last login, newest first", `${users}?page=1&page_size=25&order_by=-last_login_at`],
];
for (const [label, url] of cases) {
  const first = await fetch(url, { headers });
  if (!first.ok) throw new Error(`${label}: HTTP ${first.status}`);
  await first.arrayBuffer();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  report(label, times);
}

if (uiRuns > 0) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-quic", "--no-first-run"],
  });
  const page = await browser.newPage();
  await page.goto(`${api}/permissions`);
  await page.evaluate((t) => localStorage.setItem("roster.token", t), token);
  const table = page.getByRole("table", { name: "Users" });
  const summary = page.getByRole("navigation", { name: "Pagination" });
  const firstRow = () => table.locator("tbody tr:not([aria-hidden]) th").first().innerText();
  const load = [], search = [], sort = [];
  for (let i = 0; i < uiRuns; i++) {
    let t0 = performance.now();
    await page.goto(`${base}/orgs/${org.id}/users`);
    await summary.getByText(/ of \d/).waitFor();
    await table.locator("tbody tr:not([aria-hidden])").first().waitFor();
    load.push(performance.now() - t0);

    const before = await summary.innerText();
    const box = page.getByRole("searchbox", { name: "Search by name or email" });
    await box.fill(term);
    t0 = performance.now();
    await box.press("Enter"); // no debounce wait: the answer time only
    await page.waitForFunction((b) => {
      const nav = document.querySelector('nav[aria-label="Pagination"]');
      return nav && !nav.textContent.includes(b);
    }, before.split(" of ")[1] ?? before);
    search.push(performance.now() - t0);

    const row = await firstRow();
    t0 = performance.now();
    await table.getByRole("button", { name: /Last login/ }).click();
    await page.waitForFunction((r) => {
      const th = document.querySelector("table tbody tr:not([aria-hidden]) th");
      return th && th.innerText !== r;
    }, row);
    sort.push(performance.now() - t0);
  }
  report("app: open the users page to first rows", load);
  report("app: search submitted to rows shown", search);
  report("app: sort click to rows shown", sort);
  await browser.close();
}
process.exit(0);
