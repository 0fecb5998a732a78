import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer } from "./server";

// Starts the reference server once for the whole run: a fresh SQLite file,
// demo data, the test-only clock control, the release build of the app.
// The server picks a free port and prints it; the tests read ROSTER_URL.
export default async function globalSetup() {
  const server = await startServer([
    "--demo", "--test-controls",
    // The README example test (embed.spec.ts) runs a host page on this other origin.
    "--cors-origin", "https://console.example.test",
  ]);
  process.env.ROSTER_URL = server.url;
  writeFileSync(join(server.dir, "pid"), String(server.process.pid));
  process.env.ROSTER_E2E_DIR = server.dir;
  console.log(`[e2e] server at ${server.url}, database in ${server.dir}`);
}
