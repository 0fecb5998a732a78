import { test as base, expect, request, type APIRequestContext, type Page } from "@playwright/test";
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

/** Signs the page in as `email`: the app finds the token where it keeps it. */
export async function signIn(page: Page, email: string): Promise<void> {
  const token = await tokenFor(email);
  // Any same-origin document will do to reach the app's localStorage.
  await page.goto("/api/v1/permissions");
  await page.evaluate((t) => localStorage.setItem("roster.token", t), token);
}

/** Runs axe-core on the page and fails on serious or critical violations. */
export async function checkA11y(page: Page, context?: string): Promise<void> {
  await page.addScriptTag({ path: resolve("node_modules/axe-core/axe.min.js") });
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

type Fixtures = {
  /** An API client signed in as the demo partner. */
  partnerApi: APIRequestContext;
};

export const test = base.extend<Fixtures>({
  baseURL: async ({}, use) => use(serverUrl()),
  partnerApi: async ({}, use) => {
    const api = await apiAs(PARTNER);
    await use(api);
    await api.dispose();
  },
});

export { expect };
