import { type Browser, type BrowserContext, type Page } from "@playwright/test";
import { test, expect, checkA11y } from "./fixtures";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "./server";

// OpenID Connect sign-in ("Continue with Company SSO"), end to end: a real
// provider (npm oidc-provider, tests/e2e/oidc-provider.mjs) on loopback, and
// a Roster server of its own, without --demo, pointed at it with --oidc-*.
// A person clicks the app's link, fills the provider's login form and lands
// back where they were in the app, signed in (the session cookie).

const CLIENT_ID = "roster-e2e";
const PROVIDER_NAME = "Company SSO";
const CALLBACK = "/api/v1/auth/oidc/callback";
const WRITE = { "x-roster-request": "1" };
const LOAD = { timeout: 30_000 };

const ADA = "ada@company.example";
const GRACE = "grace@company.example";
const MALLORY = "mallory@company.example";
const PAULA = "paula@partner.example";

// One server and one provider for the file, its tests one after the other.
test.describe.configure({ mode: "default", timeout: 90_000 });

let provider: { issuer: string; process: ChildProcess };
let server: RunningServer;
let secretDir: string;
/** Whether `roster-server partner add` made Paula a partner (the subcommand
 * comes with email sign-in; without it the invitation test waits). */
let paulaIsPartner = false;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startProvider(secret: string, redirectUri: string): Promise<typeof provider> {
  const child = spawn(process.execPath, ["tests/e2e/oidc-provider.mjs"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: secret, OIDC_REDIRECT_URI: redirectUri },
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`OIDC provider did not start in 30 s:\n${out}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(/OIDC provider at (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      // Its start-up warnings (dev adapter, dev interactions, Node version) are expected.
      if (!text.includes("oidc-provider WARNING")) process.stderr.write(text);
    });
    child.on("exit", (code) => reject(new Error(`OIDC provider exited with ${code}:\n${out}`)));
  });
  return { issuer, process: child };
}

/** `roster-server --db DB partner add paula@partner.example`; false when the
 * server has no such subcommand yet. */
function addPartner(db: string): boolean {
  const bin = process.env.ROSTER_SERVER_BIN ?? "target/debug/roster-server";
  const run = spawnSync(bin, ["--db", db, "partner", "add", PAULA, "--name", "Paula Partner"], { encoding: "utf8" });
  if (run.status === 0) return true;
  if (/unexpected argument 'partner'|unrecognized subcommand/.test(run.stderr)) return false;
  throw new Error(`partner add failed (${run.status}):\n${run.stdout}${run.stderr}`);
}

test.beforeAll(async () => {
  const secret = randomBytes(24).toString("base64url");
  secretDir = mkdtempSync(join(tmpdir(), "roster-oidc-"));
  const secretFile = join(secretDir, "client-secret");
  writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startProvider(secret, `${publicUrl}${CALLBACK}`);
  server = await startServer(
    [
      "--public-url", publicUrl,
      "--oidc-issuer", provider.issuer,
      "--oidc-client-id", CLIENT_ID,
      "--oidc-client-secret-file", secretFile,
      "--oidc-name", PROVIDER_NAME,
    ],
    { port, prepare: (db) => void (paulaIsPartner = addPartner(db)) },
  );
  expect(server.url).toBe(publicUrl);
});

test.afterAll(async () => {
  await server?.stop();
  if (provider && provider.process.exitCode === null) {
    const exited = new Promise((resolve) => provider.process.once("exit", resolve));
    provider.process.kill("SIGTERM");
    await exited;
  }
  if (secretDir) rmSync(secretDir, { recursive: true, force: true });
});

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.url });
  // The provider's dev login page imports a web font: no network here.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  return { context, page: await context.newPage() };
}

/** From a page of the app, signed out (the sign-in screen shows), to the provider's login form. */
async function continueWithSso(page: Page, from = "/sign-in"): Promise<void> {
  await page.goto(from);
  await page.getByRole("link", { name: `Continue with ${PROVIDER_NAME}` }).click(LOAD);
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`), LOAD);
}

/** Fills the provider's login form (any password) and submits it. */
async function logInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** The whole sign-in; ends back on `from` (the app's home for the sign-in screen). */
async function signInWithSso(page: Page, login: string, from = "/sign-in"): Promise<void> {
  await continueWithSso(page, from);
  await logInAtProvider(page, login);
  await expect(page).toHaveURL(new RegExp(`^${server.url}${from === "/sign-in" ? "/" : from}`), LOAD);
}

async function me(page: Page): Promise<{ status: number; body: any }> {
  const res = await page.request.get("/api/v1/me");
  return { status: res.status(), body: res.status() === 200 ? await res.json() : null };
}

/** Where the sign-in screen is sent with an error code. */
const signInError = (code: string) => `${server.url}/sign-in?sso_error=${code}`;

test("the sign-in methods name the provider", async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: server.url });
  const methods = await (await api.get("/api/v1/auth/methods")).json();
  expect(methods).toMatchObject({ demo: false, email: true, sso: { name: PROVIDER_NAME } });
  await api.dispose();
});

test("signing in with the company's provider lands back in the app with a session cookie", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await signInWithSso(page, ADA);
  const { status, body } = await me(page);
  expect(status).toBe(200);
  expect(body).toMatchObject({ email: ADA, display_name: "Ada Lovelace", name_needed: false });
  // The app shows who is signed in: the name came from the provider.
  await expect(page.getByRole("banner").getByText("Ada Lovelace")).toBeVisible(LOAD);
  const cookies = await context.cookies(server.url);
  const session = cookies.find((c) => c.name === "roster_session");
  expect(session, "the session cookie").toBeTruthy();
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  // The started sign-in is over: its cookie is gone.
  expect(cookies.find((c) => c.name === "roster_oidc")).toBeUndefined();
  await context.close();
});

test("a first sign-in without a name from the provider creates the account and asks for a name", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await signInWithSso(page, GRACE);
  const { status, body } = await me(page);
  expect(status).toBe(200);
  expect(body).toMatchObject({ email: GRACE, kind: "user", name_needed: true });
  // The app asks her name once.
  await expect(page.getByRole("heading", { name: "Welcome to Roster" })).toBeVisible(LOAD);
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("banner").getByText("Grace Hopper")).toBeVisible();
  await context.close();
});

test("an email the provider has not verified is refused", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await continueWithSso(page);
  await logInAtProvider(page, MALLORY);
  await expect(page).toHaveURL(signInError("sso_email_unverified"), LOAD);
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText(
    "Company SSO did not confirm your email address, so Roster cannot sign you in with it.",
  );
  await checkA11y(page);
  expect((await me(page)).status).toBe(401);
  await context.close();
});

/** A sign-in started and answered without the browser following the
 * redirects (the provider already knows the person: no login form): the
 * callback URL with the provider's real code and state. */
async function providerAnswer(page: Page): Promise<URL> {
  let res = await page.request.get("/api/v1/auth/oidc/start?return_to=/", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  let location = new URL(res.headers()["location"], server.url);
  for (let hop = 0; hop < 5 && location.origin === provider.issuer; hop++) {
    res = await page.request.get(location.toString(), { maxRedirects: 0 });
    expect(res.status(), await res.text()).toBeGreaterThanOrEqual(300);
    location = new URL(res.headers()["location"], location);
  }
  expect(`${location.origin}${location.pathname}`).toBe(`${server.url}${CALLBACK}`);
  return location;
}

test("an answer whose state is not this browser's is refused", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  // Ada is known at the provider, then signs out of Roster.
  await signInWithSso(page, ADA);
  expect((await page.request.post("/api/v1/auth/sign-out", { headers: WRITE })).status()).toBe(204);

  // A new sign-in: the provider's real answer (a valid code), its state tampered with.
  const answer = await providerAnswer(page);
  expect(answer.searchParams.get("code")).toBeTruthy();
  answer.searchParams.set("state", `${answer.searchParams.get("state")}x`);
  await page.goto(answer.toString());
  await expect(page).toHaveURL(signInError("sso_state_mismatch"), LOAD);
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("That sign-in could not be matched to this browser.");
  expect((await me(page)).status).toBe(401);
  expect((await context.cookies(server.url)).find((c) => c.name === "roster_oidc")).toBeUndefined();
  await context.close();
});

test("a callback opened again after signing out signs no one in", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await continueWithSso(page);
  // What the browser holds for this sign-in, and the provider's answer.
  const started = (await context.cookies(server.url)).find((c) => c.name === "roster_oidc");
  expect(started, "the started sign-in's cookie").toBeTruthy();
  expect(started!.httpOnly).toBe(true);
  const callback = page.waitForRequest((r) => new URL(r.url()).pathname === CALLBACK);
  await logInAtProvider(page, ADA);
  const callbackUrl = (await callback).url();
  await expect(page).toHaveURL(`${server.url}/`, LOAD);
  expect((await me(page)).status).toBe(200);

  const signOut = await page.request.post("/api/v1/auth/sign-out", { headers: WRITE });
  expect(signOut.status()).toBe(204);
  expect((await me(page)).status).toBe(401);

  // Opened again: the started sign-in's cookie is gone, so the state matches nothing.
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(signInError("sso_state_mismatch"), LOAD);
  expect((await me(page)).status).toBe(401);

  // Even with that cookie put back, the code was used once: the provider
  // refuses it and the server signs no one in twice with one code.
  await context.addCookies([{ ...started!, expires: -1 }]);
  await page.goto(callbackUrl);
  await expect(page).toHaveURL(signInError("sso_failed"), LOAD);
  expect((await me(page)).status).toBe(401);
  await context.close();
});

test("an account made by SSO accepts an invitation from a partner who signs in by SSO too", async ({ browser }) => {
  expect(paulaIsPartner, "roster-server partner add made Paula a partner").toBe(true);
  // Paula, a partner, signs in with the company's provider and invites Ada.
  const paula = await newPage(browser);
  await signInWithSso(paula.page, PAULA);
  const paulaMe = await me(paula.page);
  expect(paulaMe.body).toMatchObject({ email: PAULA, kind: "partner" });
  const orgName = `SSO Works ${Date.now().toString(36)}`;
  const created = await paula.page.request.post("/api/v1/organizations", {
    headers: WRITE,
    data: { name: orgName, email: "owner@sso-works.example", owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const org = await created.json();
  const invited = await paula.page.request.post(`/api/v1/organizations/${org.id}/invitations`, {
    headers: WRITE,
    data: { emails: [ADA] },
  });
  expect(invited.status(), await invited.text()).toBe(200);
  expect((await invited.json()).results[0].outcome).toBe("invited");
  await paula.context.close();

  // Ada, in another browser, opens her invitations, signs in with the
  // provider, is back on them and accepts.
  const ada = await newPage(browser);
  await signInWithSso(ada.page, ADA, "/invitations");
  const card = ada.page.getByRole("listitem").filter({ hasText: orgName });
  await card.getByRole("button", { name: "Accept" }).click();
  await expect(ada.page).toHaveURL(new RegExp(`/orgs/${org.id}/users$`), LOAD);
  const orgs = await (await ada.page.request.get(`/api/v1/organizations?search=${encodeURIComponent(orgName)}`)).json();
  expect(orgs.items.map((o: { id: string }) => o.id)).toContain(org.id);
  await ada.context.close();
});
