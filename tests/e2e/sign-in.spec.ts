import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { test, expect, checkA11y } from "./fixtures";
import { startServer, type RunningServer } from "./server";
import { codeOf, linkOf, startSmtp, type Smtp } from "./smtp";

// Sign-in for real: a server started WITHOUT --demo, its first partner made
// by `roster-server partner add`, mail delivered to a real SMTP server on
// loopback where the tests read codes and links as a person reads their mail.

const PARTNER = "ada@company.example";
const PARTNER_NAME = "Ada Partner";

let smtp: Smtp;
let server: RunningServer;

test.beforeAll(async () => {
  smtp = await startSmtp();
  server = await startServer(["--smtp-url", smtp.url], {
    prepare: (db, bin) => {
      const out = execFileSync(bin, ["--db", db, "partner", "add", PARTNER, "--name", PARTNER_NAME], { encoding: "utf8" });
      expect(out).toContain(PARTNER);
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

async function newPage(browser: Browser, locale = "en-US"): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale });
  return context.newPage();
}

/** Asks for a code on the sign-in screen; answers how many messages came before. */
async function askCode(page: Page, email: string): Promise<number> {
  const before = smtp.received.length;
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return before;
}

/** A bearer token for `email`, signed in through the API by email code. */
async function tokenByCode(email: string): Promise<string> {
  const api = await request.newContext({ baseURL: server.url });
  const before = smtp.received.length;
  expect((await api.post("/api/v1/auth/email/start", { data: { email } })).status()).toBe(202);
  const code = codeOf(await smtp.next(email, before));
  const signedIn = await api.post("/api/v1/auth/email/verify", { data: { email, code } });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  const { token } = await signedIn.json();
  await api.dispose();
  return token;
}

function sessionCookie(context: BrowserContext) {
  return context.cookies().then((all) => all.find((c) => c.name === "roster_session"));
}

test("the partner signs in with the code from the email; the session is an HttpOnly cookie", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
  // A real server offers no demo accounts.
  await expect(page.getByText("Demo accounts")).toHaveCount(0);
  await checkA11y(page);
  const before = await askCode(page, PARTNER);
  // The focus moves on to the code.
  await expect(page.getByLabel("6-digit code")).toBeFocused();
  await checkA11y(page);

  const mail = await smtp.next(PARTNER, before);
  expect(mail.html, "the message has an HTML part").not.toBeNull();
  expect(mail.html).not.toMatch(/<img|<script|https?:\/\/(?!127\.0\.0\.1)/i);
  await page.getByLabel("6-digit code").fill(codeOf(mail));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  const banner = page.getByRole("banner");
  await expect(banner.getByText(PARTNER_NAME)).toBeVisible();
  // A partner with no organization yet lands on the directory.
  await expect(page).toHaveURL(/\/orgs$/);
  await expect(page.getByRole("button", { name: "Create organization" })).toBeVisible();

  const cookie = await sessionCookie(page.context());
  expect(cookie, "a session cookie").toBeTruthy();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
  expect(cookie!.secure).toBe(false); // plain http on loopback; Secure and __Host- under https
  expect(cookie!.path).toBe("/");
  expect(await page.evaluate(() => document.cookie)).not.toContain("roster_session");
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(cookie!.value);

  // The session outlives a reload.
  await page.reload();
  await expect(banner.getByText(PARTNER_NAME)).toBeVisible();
  await page.context().close();
});

test("the emailed link signs in on the device that asked, and asks first anywhere else", async ({ browser }) => {
  const page = await newPage(browser);
  await page.goto("/sign-in");
  let before = await askCode(page, PARTNER);
  const link = linkOf(await smtp.next(PARTNER, before), "/sign-in/link");
  await page.goto(link);
  await expect(page.getByRole("banner").getByText(PARTNER_NAME)).toBeVisible();
  // The token left the address bar.
  await expect(page).not.toHaveURL(/token=/);
  await page.context().close();

  // Asked on one browser, opened in another: confirm first.
  const asking = await newPage(browser);
  await asking.goto("/sign-in");
  before = await askCode(asking, PARTNER);
  const elsewhereLink = linkOf(await smtp.next(PARTNER, before), "/sign-in/link");
  const other = await newPage(browser);
  await other.goto(elsewhereLink);
  await expect(other.getByRole("heading", { name: "Sign in on this device?" })).toBeVisible();
  await checkA11y(other);
  await other.getByRole("button", { name: "Sign in on this device" }).click();
  await expect(other.getByRole("banner").getByText(PARTNER_NAME)).toBeVisible();
  // Used once: the same link again says so.
  const again = await newPage(browser);
  await again.goto(elsewhereLink);
  await expect(again.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await again.getByRole("link", { name: "Get a new code" }).click();
  await expect(again.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
  for (const p of [asking, other, again]) await p.context().close();
});

test("an invitee opens the emailed invitation, creates an account by email code, names themself and accepts", async ({ browser }) => {
  // The partner creates an organization and invites, through the API.
  const api = await request.newContext({
    baseURL: server.url,
    extraHTTPHeaders: { Authorization: `Bearer ${await tokenByCode(PARTNER)}` },
  });
  const orgName = `Signin Org ${Date.now().toString(36)}`;
  const created = await api.post("/api/v1/organizations", {
    data: { name: orgName, email: "owner@signin-org.example", owner_firstname: "Olga", owner_lastname: "Owner" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const org = await created.json();
  const invitee = `new.person.${Date.now().toString(36)}@invitee.example`;
  let before = smtp.received.length;
  const sent = await api.post(`/api/v1/organizations/${org.id}/invitations`, {
    data: { emails: [invitee], permissions: ["view_members"] },
    headers: { "Idempotency-Key": `signin-${Date.now()}` },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  const invitationLink = linkOf(await smtp.next(invitee, before), "/invitations/accept");
  await api.dispose();

  const page = await newPage(browser);
  await page.goto(invitationLink);
  await expect(page.getByText(`${PARTNER_NAME} invited you to join ${orgName}.`)).toBeVisible();
  await page.getByRole("button", { name: "Sign in or create an account" }).click();
  // The invited address is already there.
  await expect(page.getByLabel("Email address")).toHaveValue(invitee);
  before = await askCode(page, invitee);
  await page.getByLabel("6-digit code").fill(codeOf(await smtp.next(invitee, before)));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  // A new account: asked its name once.
  await expect(page.getByRole("heading", { name: "Welcome to Roster" })).toBeVisible();
  await checkA11y(page);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Enter your name.")).toBeVisible();
  await page.getByLabel("Your name").fill("Nina Newcomer");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("banner").getByText("Nina Newcomer")).toBeVisible();

  // Back to the same invitation, and accepted.
  await expect(page.getByText(`${PARTNER_NAME} invited you to join ${orgName}.`)).toBeVisible();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.id}/users$`));
  await expect(page.getByRole("row").filter({ hasText: invitee })).toContainText("Nina Newcomer");
  await page.context().close();
});

test("five wrong codes lock the code: the right one no longer works", async ({ browser }) => {
  const email = `locked.${Date.now().toString(36)}@company.example`;
  const page = await newPage(browser);
  await page.goto("/");
  const before = await askCode(page, email);
  const right = codeOf(await smtp.next(email, before));
  const wrong = right === "000000" ? "111111" : "000000";
  const field = page.getByLabel("6-digit code");
  for (const left of [4, 3, 2, 1]) {
    await field.fill(wrong);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText(`That code is not right. Tries left: ${left}.`)).toBeVisible();
  }
  await field.fill(wrong);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("Too many wrong codes: this one no longer works. Send a new code.")).toBeVisible();
  await field.fill(right);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("This code has expired or was already used. Send a new code.")).toBeVisible();
  expect(await sessionCookie(page.context())).toBeUndefined();
  // What was typed stays; a new code works.
  await expect(field).toHaveValue(right);
  const again = smtp.received.length;
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByText(`A new code is on its way to ${email}.`)).toBeVisible();
  await field.fill(codeOf(await smtp.next(email, again)));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Roster" })).toBeVisible();
  await page.context().close();
});

test("too many codes for one address: the screen says when to ask again", async ({ browser }) => {
  const email = `eager.${Date.now().toString(36)}@company.example`;
  const page = await newPage(browser);
  await page.goto("/");
  await askCode(page, email);
  // Five messages per address in a burst: the first and four new codes.
  for (let i = 0; i < 4; i++) {
    await page.getByRole("button", { name: "Send a new code" }).click();
    await expect(page.getByText(`A new code is on its way to ${email}.`)).toBeVisible();
  }
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByText(/^Too many sign-in requests\. You can ask again in \d+ min\.$/)).toBeVisible();
  await page.context().close();
});

test("a write from another site with the session cookie is refused", async ({ browser }) => {
  const page = await newPage(browser);
  await page.context().addCookies([{ name: "roster_session", value: await tokenByCode(PARTNER), url: server.url }]);
  // A page of another origin on the same host (cookies ignore ports: the
  // browser sends the session cookie), posting a form to Roster.
  const target = `${server.url}/api/v1/auth/sign-out-everywhere`;
  const attacker: Server = createServer((_req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<!doctype html><form method="post" action="${target}"><button>Win a prize</button></form>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    const port = (attacker.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const answer = page.waitForResponse(target);
    await page.getByRole("button", { name: "Win a prize" }).click();
    const response = await answer;
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("cross_site_request");
  } finally {
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  }
  // Still signed in: the forged request did nothing.
  await page.goto("/");
  await expect(page.getByRole("banner").getByText(PARTNER_NAME)).toBeVisible();
  await page.context().close();
});

test("Sign out everywhere ends the person's sessions on every browser", async ({ browser }) => {
  const email = `everywhere.${Date.now().toString(36)}@company.example`;
  const pages: Page[] = [];
  for (let i = 0; i < 2; i++) {
    const page = await newPage(browser);
    await page.context().addCookies([{ name: "roster_session", value: await tokenByCode(email), url: server.url }]);
    await page.goto("/");
    // A new account: it names itself first (once).
    if (i === 0) {
      await page.getByLabel("Your name").fill("Eve Everywhere");
      await page.getByRole("button", { name: "Continue" }).click();
    }
    await expect(page.getByRole("banner").getByText("Eve Everywhere")).toBeVisible();
    pages.push(page);
  }
  const [first, second] = pages;
  const account = first.getByRole("button", { name: /Eve Everywhere/ });
  await account.click();
  await expect(account).toHaveAttribute("aria-expanded", "true");
  await checkA11y(first);
  // Esc closes the menu and gives the focus back.
  await first.keyboard.press("Escape");
  await expect(account).toHaveAttribute("aria-expanded", "false");
  await expect(account).toBeFocused();
  await account.click();
  await first.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(first.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
  // The other browser's next request finds its session gone.
  await second.reload();
  await expect(second.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
  for (const p of pages) await p.context().close();
});

test("the new screens in French", async ({ browser }) => {
  const email = `francais.${Date.now().toString(36)}@company.example`;
  const page = await newPage(browser, "fr-FR");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Connexion à Roster" })).toBeVisible();
  await checkA11y(page);
  const before = smtp.received.length;
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByRole("button", { name: "Recevoir un code par e-mail" }).click();
  await expect(page.getByRole("heading", { name: "Consultez vos e-mails" })).toBeVisible();
  await checkA11y(page);
  // The message is in the language of the screen that asked.
  const mail = await smtp.next(email, before);
  expect(mail.text).toContain("Votre code pour vous connecter à Roster");
  expect(mail.html).toContain("Bonjour");
  await page.getByLabel("Code à 6 chiffres").fill(codeOf(mail));
  await page.getByRole("button", { name: "Se connecter", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Bienvenue sur Roster" })).toBeVisible();
  await checkA11y(page);
  await page.context().close();
});
