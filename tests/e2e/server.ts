import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Starts a reference server for the e2e tests: the release build of the app,
// a fresh SQLite file in a temp dir, a free loopback port, and `args`. The
// suite's shared server comes from global-setup.ts; a test that needs other
// flags (an SMTP server, say) starts its own with this.

export type RunningServer = { url: string; dir: string; process: ChildProcess; stop: () => Promise<void> };

export type ServerOptions = {
  /** Listen on this loopback port instead of a free one the server picks
   * (to know the URL before it starts, e.g. for --public-url). */
  port?: number;
  /** Runs before the server starts, with its database file and the server
   * binary (a CLI command that prepares data, e.g. `partner add`). */
  prepare?: (db: string, bin: string) => void | Promise<void>;
};

export async function startServer(args: string[], options: ServerOptions = {}): Promise<RunningServer> {
  const bin = process.env.ROSTER_SERVER_BIN ?? "target/debug/roster-server";
  const dist = process.env.ROSTER_DIST ?? "dist";
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: build it with cargo build -p roster-server`);
  if (!existsSync(join(dist, "index.html"))) throw new Error(`no app build in ${dist}: run scripts/build-app.sh`);
  const dir = mkdtempSync(join(tmpdir(), "roster-e2e-"));
  const db = join(dir, "e2e.db");
  await options.prepare?.(db, bin);
  const bind = `127.0.0.1:${options.port ?? 0}`;
  const server = spawn(bin, ["--db", db, "--bind", bind, "--static-dir", dist, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${out}`)), 60_000);
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/Roster listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    server.on("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, dir, process: server, stop };
}
