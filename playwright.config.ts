import { defineConfig } from "@playwright/test";

// End-to-end tests: Debian's headless Chromium against the real reference
// server, which tests/e2e/global-setup.ts starts on a free loopback port with
// a fresh database. Playwright never downloads a browser here.
export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  globalTeardown: "./tests/e2e/global-teardown.ts",
  fullyParallel: true,
  // Two cores: one browser per core.
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // The server's clock is global: the one test that moves it (@clock) runs
  // alone, after all the others have finished.
  projects: [
    { name: "e2e", grepInvert: /@clock/ },
    { name: "clock", grep: /@clock/, dependencies: ["e2e"] },
  ],
  use: {
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
