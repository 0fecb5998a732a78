import { test, expect, signIn, apiAs, checkA11y, unique, serverUrl, PARTNER } from "./fixtures";
import type { APIRequestContext, Browser, Page } from "@playwright/test";

// Issue 6: both sides of an invitation, against the real server. One test
// here moves the server's (global) clock, so this file runs its tests one
// after another; every test has its own organization and addresses.
test.describe.configure({ mode: "serial" });

type Org = { id: string; name: string };
type Invitation = { id: string; email: string; status: string; expires_at: string; link?: string };

const INVALID = "This invitation link is no longer valid. Ask the person who invited you to send a new one.";

async function createOrg(api: APIRequestContext, prefix = "Inv"): Promise<Org> {
  const name = unique(prefix);
  const res = await api.post("/api/v1/organizations", {
    data: { name, email: `owner.${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.test`, owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

async function createGroup(api: APIRequestContext, org: Org, name: string): Promise<{ id: string; name: string }> {
  const res = await api.post(`/api/v1/organizations/${org.id}/groups`, { data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** A fresh address nobody used yet. */
const address = (who: string) => `${who}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@invitee.test`;

async function invite(
  api: APIRequestContext,
  org: Org,
  emails: string[],
  extra: { group_ids?: string[]; tags?: { key: string; value: string }[]; permissions?: string[] } = {},
): Promise<Invitation[]> {
  const res = await api.post(`/api/v1/organizations/${org.id}/invitations`, {
    data: { emails, ...extra },
    headers: { "Idempotency-Key": unique("key").replace(/\s/g, "-") },
  });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  return body.results.map((r: { outcome: string; invitation: Invitation }) => {
    expect(r.outcome).toBe("invited");
    return r.invitation;
  });
}

/** The path of the latest emailed link to `email` (the outbox of the demo server). */
async function emailedLink(api: APIRequestContext, email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const res = await api.get("/api/v1/dev/outbox");
      const messages: { to: string; link: string | null; created_at: string }[] = await res.json();
      const mine = messages.filter((m) => m.to === email && m.link).sort((a, b) => a.created_at.localeCompare(b.created_at));
      link = mine.at(-1)?.link ?? undefined;
      return mine.length;
    })
    .toBeGreaterThan(0);
  const url = new URL(link!);
  return url.pathname + url.search;
}

async function emailedLinks(api: APIRequestContext, email: string): Promise<string[]> {
  const res = await api.get("/api/v1/dev/outbox");
  const messages: { to: string; link: string | null; created_at: string }[] = await res.json();
  return messages
    .filter((m) => m.to === email && m.link)
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .map((m) => {
      const url = new URL(m.link!);
      return url.pathname + url.search;
    });
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: serverUrl() });
  return context.newPage();
}

const invitationsTable = (page: Page) => page.getByRole("table", { name: "Invitations" });
const rowOf = (page: Page, email: string) => invitationsTable(page).getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) });

test("the whole loop: invited, signs up through the emailed link, accepts, shows as a member", async ({ page, partnerApi, browser }) => {
  const org = await createOrg(partnerApi, "Loop");
  const group = await createGroup(partnerApi, org, "Designers");
  const email = address("newcomer");
  await invite(partnerApi, org, [email], {
    group_ids: [group.id],
    tags: [{ key: "team", value: "blue" }, { key: "site", value: "lyon" }],
    permissions: ["view_members", "create_projects"],
  });

  // The admin sees it pending, with what it grants and when it expires.
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/invitations`);
  const row = rowOf(page, email);
  await expect(row).toContainText("Pending");
  await expect(row).toContainText("Designers");
  await expect(row).toContainText("team: blue");
  await expect(row).toContainText(/in (3|2) days/);
  await checkA11y(page);

  // The invitee opens the emailed link, signed out.
  const link = await emailedLink(partnerApi, email);
  const invitee = await newPage(browser);
  await invitee.goto(link);
  await expect(invitee.getByText(`Paula Partner invited you to join ${org.name}.`)).toBeVisible();
  // The token left the address bar once read.
  await expect(invitee).toHaveURL(/\/invitations\/accept$/);
  await expect(invitee.getByText("Designers")).toBeVisible();
  await expect(invitee.getByText("team: blue")).toBeVisible();
  await expect(invitee.getByText("Create projects")).toBeVisible();
  await checkA11y(invitee);

  // Creates an account on the sign-in screen and comes back to the same invitation.
  await invitee.getByRole("button", { name: "Sign in or create an account" }).click();
  await invitee.getByLabel("Email address").fill(email);
  await invitee.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(invitee.getByText(`Signed in as ${email}.`)).toBeVisible();
  await expect(invitee.getByText(`Paula Partner invited you to join ${org.name}.`)).toBeVisible();
  await invitee.getByRole("button", { name: "Accept" }).click();

  // A member now: the organization is current and its users page is shown.
  await expect(invitee).toHaveURL(new RegExp(`/orgs/${org.id}/users$`));
  await expect(invitee.getByRole("button", { name: /^Organization:/ })).toContainText(org.name);
  await expect(invitee.getByText(`You joined “${org.name}”.`)).toBeVisible();

  // The admin's list shows Accepted; the users table shows the grants.
  await page.getByLabel("Status").selectOption("accepted");
  await expect(page).toHaveURL(/status=accepted/);
  await expect(rowOf(page, email)).toContainText("Accepted");
  await page.goto(`/orgs/${org.id}/users`);
  const member = page.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) });
  await expect(member).toContainText("Designers");
  await expect(member).toContainText("team: blue");
  await expect(member).toContainText("site: lyon");
  const members = await (await partnerApi.get(`/api/v1/organizations/${org.id}/users?search=${encodeURIComponent(email)}`)).json();
  expect(members.items[0].tags).toEqual(expect.arrayContaining([{ key: "team", value: "blue" }, { key: "site", value: "lyon" }]));
  expect(members.items[0].permissions).toEqual(expect.arrayContaining(["view_members", "create_projects"]));
  await invitee.context().close();
});

test("the invitee's list: details, decline with confirmation, accept; the bell follows", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Mine A");
  const other = await createOrg(partnerApi, "Mine B");
  const group = await createGroup(partnerApi, org, "Support");
  const email = address("reviewer");
  await invite(partnerApi, org, [email], { group_ids: [group.id], tags: [{ key: "level", value: "2" }], permissions: ["view_members"] });
  await invite(partnerApi, other, [email]);

  await signIn(page, email);
  await page.goto("/invitations");
  const bell = page.getByRole("banner").getByRole("button", { name: "Invitations: 2 waiting for you" });
  await expect(bell).toBeVisible();
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: org.name }) });
  await expect(card).toContainText("Invited by Paula Partner");
  await expect(card).toContainText(/Expires in (3|2) days/);
  await expect(card).toContainText("Support");
  await expect(card).toContainText("level: 2");
  await expect(card).toContainText("View members");
  await checkA11y(page);

  // Decline asks first; Cancel keeps the invitation.
  const otherCard = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: other.name }) });
  await otherCard.getByRole("button", { name: "Decline" }).click();
  const dialog = page.getByRole("dialog", { name: `Decline the invitation to ${other.name}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await otherCard.getByRole("button", { name: "Decline" }).click();
  await dialog.getByRole("button", { name: "Decline" }).click();
  await expect(page.getByText(`Invitation to “${other.name}” declined.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: other.name })).toHaveCount(0);
  await expect(page.getByRole("banner").getByRole("button", { name: "Invitations: 1 waiting for you" })).toBeVisible();

  // The admin of the other organization sees Declined.
  const declined = await (await partnerApi.get(`/api/v1/organizations/${other.id}/invitations?status=declined`)).json();
  expect(declined.items.map((i: Invitation) => i.email)).toContain(email);

  await card.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.id}/users$`));
  await expect(page.getByRole("banner").getByRole("button", { name: "Invitations: none waiting" })).toBeVisible();
});

test("the bell: count refreshes on focus, the menu lists them and Esc closes it", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Bell");
  const email = address("bell");
  await signIn(page, email);
  await page.goto("/invitations");
  await expect(page.getByText("No invitations are waiting for you.")).toBeVisible();
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("button", { name: "Invitations: none waiting" })).toBeVisible();

  await invite(partnerApi, org, [email]);
  // Back to the window: the count is asked again.
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  const bell = banner.getByRole("button", { name: "Invitations: 1 waiting for you" });
  await expect(bell).toBeVisible();

  await bell.click();
  await expect(bell).toHaveAttribute("aria-expanded", "true");
  const menu = page.getByRole("region", { name: "Invitations waiting for you" });
  await expect(menu.getByRole("link", { name: new RegExp(org.name) })).toBeVisible();
  await expect(menu.getByRole("link", { name: "See all your invitations" })).toBeVisible();
  await checkA11y(page);
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(bell).toBeFocused();
  await expect(bell).toHaveAttribute("aria-expanded", "false");

  await bell.click();
  await menu.getByRole("link", { name: new RegExp(org.name) }).click();
  await expect(page).toHaveURL(/\/invitations$/);
  await expect(page.getByRole("heading", { name: org.name })).toBeVisible();
});

test("revoke before accept: confirmation, then the link fails with the generic message", async ({ page, partnerApi, browser }) => {
  const org = await createOrg(partnerApi, "Revoke");
  const email = address("revoked");
  await invite(partnerApi, org, [email]);
  const link = await emailedLink(partnerApi, email);

  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/invitations`);
  await rowOf(page, email).getByRole("button", { name: `Revoke the invitation to ${email}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this invitation?" });
  await expect(dialog).toContainText(email);
  await checkA11y(page);
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText(`Invitation to ${email} revoked.`)).toBeVisible();
  await expect(rowOf(page, email)).toContainText("Revoked");

  const invitee = await newPage(browser);
  await invitee.goto(link);
  await expect(invitee.getByRole("alert").filter({ hasText: INVALID })).toBeVisible();
  await expect(invitee).toHaveURL(/\/invitations\/accept$/);
  // An unknown token gets exactly the same words.
  await invitee.goto("/invitations/accept?token=not-a-real-token");
  await expect(invitee.getByRole("alert").filter({ hasText: INVALID })).toBeVisible();
  await checkA11y(invitee);
  await invitee.context().close();
});

test("resend: a new expiry said in a toast, the old link fails, the new one works; copy link", async ({ page, partnerApi, browser }) => {
  const org = await createOrg(partnerApi, "Resend");
  const email = address("resent");
  const [created] = await invite(partnerApi, org, [email]);
  const oldLink = await emailedLink(partnerApi, email);

  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/invitations`);
  await rowOf(page, email).getByRole("button", { name: `Resend the invitation to ${email}` }).click();
  await expect(page.getByText(new RegExp(`Invitation to ${email.replace(/[.+]/g, "\\$&")} sent again\\. It now expires `))).toBeVisible();
  await expect.poll(async () => (await emailedLinks(partnerApi, email)).length).toBe(2);
  const newLink = (await emailedLinks(partnerApi, email))[1];
  expect(newLink).not.toBe(oldLink);

  // The demo server exposes the link: copy it.
  await rowOf(page, email).getByRole("button", { name: `Copy link of the invitation to ${email}` }).click();
  await expect(page.getByText("Invitation link copied.")).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).pathname + new URL(copied).search).toBe(newLink);
  const current = await (await partnerApi.get(`/api/v1/organizations/${org.id}/invitations/${created.id}`)).json();
  expect(current.link).toBe(copied);

  const invitee = await newPage(browser);
  await invitee.goto(oldLink);
  await expect(invitee.getByRole("alert").filter({ hasText: INVALID })).toBeVisible();
  await invitee.goto(newLink);
  await expect(invitee.getByText(`Paula Partner invited you to join ${org.name}.`)).toBeVisible();
  await invitee.context().close();
});

test("search, bulk resend and bulk revoke of a selection, with per-row failures", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Bulk");
  const emails = [address("bulk-a"), address("bulk-b"), address("bulk-c")];
  const created = await invite(partnerApi, org, emails);
  // One of them is revoked already: resending it fails, and says so.
  const revoked = await partnerApi.post(`/api/v1/organizations/${org.id}/invitations/${created[2].id}/revoke`);
  expect(revoked.status()).toBe(200);

  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/invitations?status=all`);
  await expect(page.getByLabel("Status")).toHaveValue("all");
  await expect(invitationsTable(page).getByRole("row")).toHaveCount(4);
  await page.getByRole("searchbox", { name: "Search by email" }).fill("bulk-a");
  await expect(invitationsTable(page).getByRole("row")).toHaveCount(2);
  await expect(page).toHaveURL(/q=bulk-a/);
  await page.getByRole("searchbox", { name: "Search by email" }).fill("");
  await expect(invitationsTable(page).getByRole("row")).toHaveCount(4);

  // Sorting by email puts a before b before c; aria-sort follows.
  await page.getByRole("button", { name: "Email", exact: true }).click();
  await expect(page.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(invitationsTable(page).getByRole("row").nth(1)).toContainText(emails[0]);

  await page.getByRole("checkbox", { name: `Select ${emails[0]}` }).check();
  await page.getByRole("checkbox", { name: `Select ${emails[2]}` }).check();
  const bulk = page.getByRole("group", { name: "2 selected" });
  await bulk.getByRole("button", { name: "Resend" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some invitations couldn't be changed:" })).toContainText(emails[2]);
  await expect(page.getByText(`Invitation to ${emails[0]} sent again.`, { exact: false })).toBeVisible();

  // Revoke every pending one on the page at once.
  await page.getByLabel("Status").selectOption("pending");
  await expect(invitationsTable(page).getByRole("row")).toHaveCount(3);
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("group", { name: "2 selected" }).getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke 2 invitations?" });
  await expect(dialog).toContainText(emails[0]);
  await expect(dialog).toContainText(emails[1]);
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("2 invitations revoked.")).toBeVisible();
  await expect(rowOf(page, emails[0])).toContainText("Revoked");
  await expect(rowOf(page, emails[1])).toContainText("Revoked");
});

test("a locked organization disables resend and revoke with the reason", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Locked");
  const email = address("locked");
  await invite(partnerApi, org, [email]);
  const lock = await partnerApi.post(`/api/v1/organizations/${org.id}/lock`, { data: { reason: "Unpaid invoices" } });
  expect(lock.status(), await lock.text()).toBe(200);

  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/invitations`);
  await expect(page.getByText("This organization is locked, so it can't be changed.")).toBeVisible();
  await expect(rowOf(page, email).getByRole("button", { name: `Resend the invitation to ${email}` })).toBeDisabled();
  await expect(rowOf(page, email).getByRole("button", { name: `Revoke the invitation to ${email}` })).toBeDisabled();
});

// It moves the server's clock three days forward, which would expire the
// invitations of tests running beside it: tagged @clock, it runs alone in the
// `clock` project, after every other test (playwright.config.ts).
test("expiry: past three days an invitation shows Expired, and a resend revives it @clock", async ({ page, partnerApi, browser }) => {
  const org = await createOrg(partnerApi, "Expiry");
  const email = address("late");
  await invite(partnerApi, org, [email]);
  const link = await emailedLink(partnerApi, email);

  const moved = await partnerApi.post("/api/v1/dev/clock", { data: { seconds: 3 * 24 * 3600 + 60 } });
  expect(moved.status(), await moved.text()).toBe(200);

  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/invitations`);
  await expect(page.getByText("No invitations are waiting for an answer.")).toBeVisible();
  await page.getByLabel("Status").selectOption("expired");
  await expect(rowOf(page, email)).toContainText("Expired");
  await expect(rowOf(page, email).getByRole("button", { name: `Revoke the invitation to ${email}` })).toHaveCount(0);

  const invitee = await newPage(browser);
  await invitee.goto(link);
  await expect(invitee.getByRole("alert").filter({ hasText: INVALID })).toBeVisible();

  await rowOf(page, email).getByRole("button", { name: `Resend the invitation to ${email}` }).click();
  await expect(page.getByText(/sent again\. It now expires /)).toBeVisible();
  await expect(rowOf(page, email)).toContainText("Pending");
  const fresh = await emailedLink(partnerApi, email);
  expect(fresh).not.toBe(link);
  await invitee.goto(fresh);
  await expect(invitee.getByText(`Paula Partner invited you to join ${org.name}.`)).toBeVisible();
  await invitee.context().close();
});

test("an invitee with more invitations than a page pages through them, 20 at a time", async ({ page, partnerApi }) => {
  const email = address("many");
  const orgs: Org[] = [];
  for (let i = 0; i < 21; i++) {
    const org = await createOrg(partnerApi, "Many");
    await invite(partnerApi, org, [email]);
    orgs.push(org);
  }
  await signIn(page, email);
  await page.goto("/invitations");
  const cards = page.getByRole("main").getByRole("listitem").filter({ has: page.getByRole("button", { name: "Accept" }) });
  await expect(cards).toHaveCount(20);
  await expect(page.getByText("1–20 of 21")).toBeVisible();
  // Soonest to expire first: the last one invited is alone on page 2.
  await expect(page.getByRole("heading", { name: orgs[20].name })).toHaveCount(0);
  await page.getByRole("button", { name: "Next page" }).click();
  await expect(cards).toHaveCount(1);
  await expect(page.getByRole("heading", { name: orgs[20].name })).toBeVisible();
  await expect(page.getByText("21–21 of 21")).toBeVisible();
  await checkA11y(page);

  // Declining the only card of the last page shows the page before, whole.
  await cards.getByRole("button", { name: "Decline" }).click();
  await page.getByRole("dialog", { name: `Decline the invitation to ${orgs[20].name}?` }).getByRole("button", { name: "Decline" }).click();
  await expect(page.getByText(`Invitation to “${orgs[20].name}” declined.`)).toBeVisible();
  await expect(cards).toHaveCount(20);
  await expect(page.getByRole("button", { name: "Next page" })).toHaveCount(0);
});
