import { request, type APIRequestContext } from "@playwright/test";
import { startSmtp, type Smtp } from "./smtp";
import { test, expect, checkA11y, useSession, PARTNER } from "./fixtures";
import { startServer, type RunningServer } from "./server";

// Email delivery failure, end to end: a real SMTP server on loopback (npm
// smtp-server) that refuses every recipient, then takes mail again; a Roster
// server of its own started with --smtp-url pointing at it.

let smtp: Smtp;
let server: RunningServer;
let api: APIRequestContext;
let token: string;

test.beforeAll(async () => {
  smtp = await startSmtp({ refusing: true });
  server = await startServer(["--demo", "--smtp-url", `smtp://127.0.0.1:${smtp.port}`]);
  const anonymous = await request.newContext({ baseURL: server.url });
  const signIn = await anonymous.post("/api/v1/auth/demo-sign-in", { data: { email: PARTNER } });
  expect(signIn.status()).toBe(200);
  token = (await signIn.json()).token;
  await anonymous.dispose();
  api = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
});

test.afterAll(async () => {
  await api?.dispose();
  await server?.stop();
  await smtp?.close();
});

test("a refused message shows Not delivered with the reason; a resend delivers once mail works again", async ({ browser }) => {
  const orgs = await (await api.get("/api/v1/organizations?search=Acme")).json();
  const acme = orgs.items.find((o: { name: string }) => o.name === "Acme Corp");
  const email = `refused.${Date.now().toString(36)}@invitee.test`;
  const sent = await api.post(`/api/v1/organizations/${acme.id}/invitations`, {
    data: { emails: [email], tags: [{ key: "team", value: "ops" }] },
    headers: { "Idempotency-Key": `mail-${Date.now()}` },
  });
  expect(sent.status(), await sent.text()).toBe(200);

  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await useSession(context, server.url, token);
  await page.goto(`/orgs/${acme.id}/invitations`);
  const row = page.getByRole("row").filter({ hasText: email });
  // The admin sees that the message did not go out, and why; the invitation itself is intact.
  await expect(async () => {
    await page.reload();
    await expect(row.getByText(/^Not delivered/)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row.getByText(/the mail server did not take the message \(.*550/)).toBeAttached();
  await expect(row.getByText("Pending", { exact: true })).toBeVisible();
  await expect(row.getByText("team: ops")).toBeVisible();
  expect(smtp.received).toHaveLength(0);
  await checkA11y(page);

  // Mail works again: Resend delivers, and the badge goes.
  smtp.refuse(false);
  await row.getByRole("button", { name: `Resend the invitation to ${email}` }).click();
  await expect(page.getByText(new RegExp(`Invitation to ${email.replace(/[.+]/g, "\\$&")} sent again`))).toBeVisible();
  await expect.poll(() => smtp.received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBe(1);
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("Pending", { exact: true })).toBeVisible({ timeout: 2_000 });
    await expect(row.getByText(/^Not delivered/)).toHaveCount(0);
  }).toPass({ timeout: 20_000 });

  // The delivered message carries a link that opens the invitation.
  const message = smtp.received.find((m) => m.to.includes(email))!.data.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const link = message.match(/http:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_-]+/)![0];
  const invitee = await browser.newPage();
  await invitee.goto(link);
  await expect(invitee.getByText(/Paula Partner invited you to join Acme Corp\./)).toBeVisible();
  await invitee.close();
  await context.close();
});
