import {
  test as base,
  expect,
  request,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { resolve } from "node:path";

// Shared fixtures of Roster's end-to-end tests. Tests act as a person does:
// they find elements by role, label and text. Only set-up (signing in,
// creating data a test changes) goes through the API directly.

/** Demo accounts seeded by `roster-server --demo`. */
export const PARTNER = "partner@roster.demo";
export const MEMBER = "sam@roster.demo";

export const serverUrl = (): string => {
  const url = process.env.ROSTER_URL;
  if (!url) throw new Error("ROSTER_URL is not set: the global setup starts the server");
  return url;
};

/** A name no other test uses, so tests can run in any order against one server. */
export const unique = (prefix: string): string =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A bearer token for a demo account (created when the address is new). */
export async function tokenFor(email: string, displayName?: string): Promise<string> {
  const ctx = await request.newContext({ baseURL: serverUrl() });
  const response = await ctx.post("/api/v1/auth/demo-sign-in", {
    data: { email, ...(displayName ? { display_name: displayName } : {}) },
  });
  expect(response.status(), await response.text()).toBe(200);
  const { token } = await response.json();
  await ctx.dispose();
  return token;
}

/** An API client signed in as `email`. */
export async function apiAs(email: string): Promise<APIRequestContext> {
  const token = await tokenFor(email);
  return request.newContext({
    baseURL: serverUrl(),
    extraHTTPHeaders: { Authorization: `Bearer ${token}` },
  });
}

/**
 * Signs the page in as `email`: the standalone app's session is an HttpOnly
 * cookie holding the session token (the demo sign-in's bearer token is one).
 */
export async function signIn(page: Page, email: string): Promise<void> {
  await useSession(page.context(), serverUrl(), await tokenFor(email));
}

/** Puts a session token where the browser keeps the app's session: its cookie. */
export async function useSession(context: BrowserContext, url: string, token: string): Promise<void> {
  await context.addCookies([{ name: "roster_session", value: token, url, httpOnly: true, sameSite: "Lax" }]);
}

/**
 * Loads axe-core into the page. As a file of the page's own origin: the app's
 * Content-Security-Policy allows no inline script, which `addScriptTag({ path })` adds.
 */
export async function injectAxe(page: Page): Promise<void> {
  const url = new URL("/__e2e__/axe.min.js", page.url()).href;
  await page.route(url, (route) =>
    route.fulfill({ path: resolve("node_modules/axe-core/axe.min.js"), contentType: "text/javascript" }),
  );
  await page.addScriptTag({ url });
}

/** Runs axe-core on the page and fails on serious or critical violations. */
export async function checkA11y(page: Page, context?: string): Promise<void> {
  await injectAxe(page);
  const violations = await page.evaluate(async (selector) => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(selector ?? document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v: { impact?: string }) => v.impact === "serious" || v.impact === "critical")
      .map((v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
      }));
  }, context ?? null);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
}

/** A Content-Security-Policy violation a page reported. */
export type CspViolation = {
  directive: string;
  blocked: string;
  page: string;
  source: string;
  sample: string;
};

/** Records the CSP violations of every page and frame of `context` into `seen`. */
async function recordCspViolations(context: BrowserContext, seen: CspViolation[]): Promise<void> {
  await context.exposeBinding("__rosterCspViolation", (_source, v: CspViolation) => {
    seen.push(v);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      "securitypolicyviolation",
      (e) => {
        const report = (window as unknown as { __rosterCspViolation?: (v: unknown) => void }).__rosterCspViolation;
        report?.({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          page: document.URL,
          source: e.sourceFile ? `${e.sourceFile}:${e.lineNumber}` : "",
          sample: e.sample,
        });
      },
      true,
    );
  });
}

type Fixtures = {
  /** An API client signed in as the demo partner. */
  partnerApi: APIRequestContext;
  /**
   * Automatic: the CSP violations of the test's pages, in its own context and
   * in any context it opens with `browser.newContext()`. The test fails if
   * there was one.
   */
  cspViolations: CspViolation[];
};

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => use(serverUrl()),
  partnerApi: async ({}, use) => {
    const api = await apiAs(PARTNER);
    await use(api);
    await api.dispose();
  },
  cspViolations: [
    async ({ context, browser }, use) => {
      const seen: CspViolation[] = [];
      await recordCspViolations(context, seen);
      // Contexts the test opens itself (a second person, another locale).
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const opened = await newContext(...args);
        await recordCspViolations(opened, seen);
        return opened;
      };
      // browser.newPage() opens a context of its own, closed with the page.
      const newPage = browser.newPage.bind(browser);
      browser.newPage = async (...args: Parameters<Browser["newPage"]>) => {
        const opened = await browser.newContext(...args);
        const page = await opened.newPage();
        page.on("close", () => void opened.close());
        return page;
      };
      try {
        await use(seen);
      } finally {
        browser.newContext = newContext;
        browser.newPage = newPage;
      }
      const lines = seen.map(
        (v) => `${v.directive} blocked ${v.blocked || "(inline)"} on ${v.page}${v.source ? ` (${v.source})` : ""}${v.sample ? `: ${v.sample}` : ""}`,
      );
      expect(lines, `Content-Security-Policy violations:\n${lines.join("\n")}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
