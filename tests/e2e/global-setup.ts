import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Starts the reference server once for the whole run: a fresh SQLite file,
// demo data, the test-only clock control, the release build of the app.
// The server picks a free port and prints it; the tests read ROSTER_URL.
export default async function globalSetup() {
  const bin = process.env.ROSTER_SERVER_BIN ?? "target/debug/roster-server";
  const dist = process.env.ROSTER_DIST ?? "dist";
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: build it with cargo build -p roster-server`);
  if (!existsSync(join(dist, "index.html"))) throw new Error(`no app build in ${dist}: run scripts/build-app.sh`);

  const dir = mkdtempSync(join(tmpdir(), "roster-e2e-"));
  const server = spawn(
    bin,
    [
      "--demo", "--test-controls", "--db", join(dir, "e2e.db"), "--bind", "127.0.0.1:0", "--static-dir", dist,
      // The README example test (embed.spec.ts) runs a host page on this other origin.
      "--cors-origin", "https://console.example.test",
    ],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    server.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/Roster listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    server.on("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  process.env.ROSTER_URL = url;
  writeFileSync(join(dir, "pid"), String(server.pid));
  process.env.ROSTER_E2E_DIR = dir;
  console.log(`[e2e] server at ${url}, database in ${dir}`);
}
