// Roster's benchmark: prints figures, asserts nothing (budgets are read by people).
//
//   node scripts/bench.mjs [--server BIN] [--dist DIR] [--orgs 2000] [--members 100000] [--runs 200]
//
// It starts the server (the `server` profile build by default) on a fresh database with demo
// data plus one organization of --members generated members, gives the demo
// partner --orgs organizations, then measures:
//   - API latency, p50/p95 over --runs requests: organization pages, search and
//     sort over all organizations; member pages, search, sort and filter over the
//     large organization (budget: p95 <= 25 ms);
//   - in headless Chromium at 4x CPU throttling: the time from a keystroke in the
//     switcher's search box to the next paint that shows the answer (budget: 100 ms);
//   - the weight of the built app (budget: 150 KiB brotli).
import { spawn, execFileSync } from "node:child_process";
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
const targetDir = process.env.CARGO_TARGET_DIR ?? "target";
const serverBin = args.server ?? join(targetDir, "server", "roster-server");
const dist = args.dist ?? "dist";
const orgCount = Number(args.orgs ?? 2000);
const memberCount = Number(args.members ?? 100000);
const runs = Number(args.runs ?? 200);
const PARTNER = "partner@roster.demo";
const LARGE_ORG = "Acme Corp";

if (!existsSync(serverBin)) {
  console.error(`no server at ${serverBin}: cargo build --profile server -p roster-server (or pass --server)`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "roster-bench-"));
const started = Date.now();
const server = spawn(
  serverBin,
  ["--demo", "--db", join(dir, "bench.db"), "--bind", "127.0.0.1:0", "--static-dir", dist,
    "--seed-members", `${LARGE_ORG}:${memberCount}`],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const cleanup = () => {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
};
process.on("exit", cleanup);

const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const match = out.match(/Roster listening on (http:\/\/\S+)/);
    if (match) resolve(match[1]);
  });
  server.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
console.log(`server up with ${memberCount} members seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${base}`);

const signIn = await fetch(`${base}/api/v1/auth/demo-sign-in`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: PARTNER }),
});
const { token } = await signIn.json();
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
const api = (path, init = {}) => fetch(`${base}/api/v1${path}`, { headers, ...init });

// The partner's organizations, up to --orgs.
const existing = (await (await api("/organizations?page_size=1")).json()).total_count;
const seedStart = Date.now();
for (let i = existing; i < orgCount; i += 1) {
  const n = String(i).padStart(5, "0");
  const res = await api("/organizations", {
    method: "POST",
    body: JSON.stringify({
      name: `Bench Org ${n}`, email: `owner${n}@bench.example`, owner_firstname: "Bench",
      owner_lastname: `Owner ${n}`, customer_id: `BENCH-${n}`,
    }),
  });
  if (res.status !== 201) throw new Error(`creating org ${n}: ${res.status} ${await res.text()}`);
}
console.log(`${orgCount} organizations ready in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

const orgs = await (await api(`/organizations?search=${encodeURIComponent(LARGE_ORG)}`)).json();
const large = orgs.items.find((o) => o.name === LARGE_ORG);
const firstMembers = await (await api(`/organizations/${large.id}/users?page_size=1`)).json();
const group = (await (await api(`/organizations/${large.id}/groups`)).json()).items[0];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
async function measure(label, path) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const res = await api(path);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${label}: ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(46)} p50 ${percentile(times, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms`,
  );
}

console.log(`\nAPI latency over ${runs} sequential requests each (budget: p95 <= 25 ms)`);
await measure(`organizations: first page (${orgCount})`, "/organizations?page_size=50");
await measure("organizations: search 'org 01'", "/organizations?search=org%2001&page_size=50");
await measure("organizations: sort by -created_at, page 20", "/organizations?order_by=-created_at&page=20&page_size=50");
const m = firstMembers.total_count;
await measure(`members: first page (${m})`, `/organizations/${large.id}/users?page_size=50`);
await measure("members: search 'smith'", `/organizations/${large.id}/users?search=smith&page_size=50`);
await measure("members: sort by -last_login_at", `/organizations/${large.id}/users?order_by=-last_login_at&page_size=50`);
await measure("members: sort by email, page 1000", `/organizations/${large.id}/users?order_by=email&page=1000&page_size=50`);
if (group) await measure("members: filter by group", `/organizations/${large.id}/users?group_id=${group.id}&page_size=50`);
await measure("members: filter type=owner", `/organizations/${large.id}/users?type=owner&page_size=50`);

// The switcher's search, typed in Chromium at 4x CPU throttling.
console.log("\nBrowser, 4x CPU throttling (budget: keystroke to paint <= 100 ms)");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on("pageerror", (error) => console.error("page error:", error.message));
await page.goto(`${base}/api/v1/permissions`);
await page.evaluate((t) => localStorage.setItem("roster.token", t), token);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
const loadStart = Date.now();
await page.goto(`${base}/orgs/${large.id}/users`);
await page.getByRole("heading", { level: 1, name: LARGE_ORG }).waitFor();
console.log(`${"users page of the large org: load to heading".padEnd(46)} ${String(Date.now() - loadStart).padStart(6)} ms`);

await page.getByRole("button", { name: /^Organization:/ }).click();
const search = page.getByRole("combobox", { name: "Search organizations" });
await search.waitFor();
// Names are "Bench Org 00000".."Bench Org 01999": each query narrows to fewer of them.
for (const query of ["Bench Org 001", "Bench Org 0012", "Bench Org 00123", "Globex", "Acme"]) {
  await search.fill("");
  await page.waitForTimeout(300);
  // Time from the last keystroke to the paint after the option list shows the answer.
  const elapsed = await page.evaluate(
    async (query) => {
      const input = document.activeElement;
      const t0 = performance.now();
      return await new Promise((resolve) => {
        const check = () => {
          const options = [...document.querySelectorAll('[role="option"]')];
          if (options.length && options.every((o) => o.textContent.includes(query))) {
            requestAnimationFrame(() => resolve(performance.now() - t0));
          } else if (performance.now() - t0 > 5000) resolve(Number.NaN);
          else requestAnimationFrame(check);
        };
        input.value = query;
        input.dispatchEvent(new InputEvent("input", { bubbles: true }));
        check();
      });
    },
    query,
  );
  console.log(`${`switcher: type "${query}" to painted answer`.padEnd(46)} ${elapsed.toFixed(0).padStart(6)} ms`);
}
await browser.close();

console.log("\nWeight of the built app");
execFileSync("node", [join("scripts", "size.mjs"), dist], { stdio: "inherit" });
process.exit(0);
