import { test, expect, signIn, unique, checkA11y, apiAs, PARTNER } from "./fixtures";
import type { APIRequestContext, Locator, Page, Request } from "@playwright/test";

// Issue 5: the add-user panel and the review-and-invite flow, driven as a
// person would, against the real server. Every test makes its own
// organization, so tests run in any order on one server.

type Org = { id: string; name: string; owner: string };
type Invitation = {
  email: string;
  status: string;
  groups: { name: string }[];
  tags: { key: string; value: string }[];
  permissions: string[];
  link?: string;
};

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const address = (who: string) => `${who}.${stamp()}@example.test`;

async function newOrg(api: APIRequestContext): Promise<Org> {
  const owner = address("owner");
  const res = await api.post("/api/v1/organizations", {
    data: { name: unique("Invite"), email: owner, owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { ...(await res.json()), owner };
}

async function invitations(api: APIRequestContext, orgId: string): Promise<Invitation[]> {
  const res = await api.get(`/api/v1/organizations/${orgId}/invitations?page_size=100`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).items;
}

async function outboxTo(api: APIRequestContext, emails: string[]) {
  const res = await api.get("/api/v1/dev/outbox");
  expect(res.status()).toBe(200);
  const all: { to: string; link: string | null }[] = await res.json();
  return all.filter((m) => emails.includes(m.to));
}

const panel = (page: Page) => page.getByRole("dialog", { name: /^Add users to/ });
const addButton = (page: Page) => page.getByRole("button", { name: "+ Add users" });
const emailsField = (page: Page) => panel(page).getByLabel("Email addresses", { exact: true });
/** The first paint of a page can be slow on a loaded machine (debug builds). */
const LOAD = { timeout: 30_000 };
test.describe.configure({ timeout: 90_000 });
const chip = (page: Page, text: string) => panel(page).getByRole("listitem").filter({ hasText: text });

async function openPanel(page: Page, org: Org): Promise<void> {
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/users`);
  await expect(addButton(page)).not.toHaveAttribute("aria-disabled", "true", LOAD);
  await addButton(page).click();
  await expect(panel(page)).toBeVisible();
}

/** Presses Tab (or Shift+Tab) until `target` has the focus. */
async function tabTo(page: Page, target: Locator, back = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`could not reach ${target} with the keyboard`);
}

/** Records the Idempotency-Key of every non-dry-run send. */
function sendKeys(page: Page): string[] {
  const keys: string[] = [];
  page.on("request", (r: Request) => {
    if (r.method() === "POST" && r.url().includes("/invitations?dry_run=false")) {
      keys.push(r.headers()["idempotency-key"] ?? "");
    }
  });
  return keys;
}

test("inviting one address, with axe on the panel, the review and the result", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const one = address("one");
  await openPanel(page, org);
  // A new organization has no pending invitation: no link to them yet.
  await expect(page.getByRole("link", { name: /pending invitation/ })).toHaveCount(0);
  await checkA11y(page);
  await emailsField(page).fill(one);
  await emailsField(page).press("Enter");
  await expect(chip(page, one)).toBeVisible();
  await expect(panel(page).getByRole("status").first()).toHaveText("1 address");

  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await expect(panel(page).getByRole("heading", { name: "Review" })).toBeFocused();
  await expect(panel(page).getByRole("row", { name: new RegExp(one) })).toContainText("Will be invited");
  await checkA11y(page);

  await panel(page).getByRole("button", { name: "Send 1 invitation" }).click();
  await expect(panel(page).getByRole("heading", { name: "Invitations sent" })).toBeVisible();
  await expect(panel(page).getByText("1 sent · 0 skipped · 0 failed")).toBeVisible();
  await expect(panel(page).getByRole("row", { name: new RegExp(one) })).toContainText("Sent, pending until");
  await checkA11y(page);

  const list = await invitations(partnerApi, org.id);
  expect(list.map((i) => [i.email, i.status])).toEqual([[one, "pending"]]);

  await panel(page).getByRole("button", { name: "Done" }).click();
  await expect(panel(page)).toBeHidden();
  await expect(addButton(page)).toBeFocused();
  // The users page counts the new invitation without a reload.
  await expect(page.getByRole("link", { name: "1 pending invitation" })).toBeVisible();
  await page.getByRole("link", { name: "Invitations", exact: true }).click();
  await expect(page.getByRole("row", { name: new RegExp(one) })).toContainText("Pending");
});

test("three addresses with a group, two tags and two permissions; their emailed links work", async ({
  page,
  partnerApi,
  browser,
}) => {
  const org = await newOrg(partnerApi);
  const group = `Design ${stamp()}`;
  expect((await partnerApi.post(`/api/v1/organizations/${org.id}/groups`, { data: { name: group } })).status()).toBe(201);
  const people = [address("ada"), address("bob"), address("cy")];
  await openPanel(page, org);

  await emailsField(page).fill(`${people[0]}, ${people[1]}; ${people[2]}\n`);
  await expect(panel(page).getByRole("status").first()).toHaveText("3 addresses");
  await panel(page).getByRole("checkbox", { name: group }).check();
  const addTag = panel(page).getByRole("button", { name: "Add tag" });
  await addTag.click();
  await addTag.click();
  await panel(page).getByLabel("Key of tag 1").fill("team");
  await panel(page).getByLabel("Value of tag 1").fill("design");
  await panel(page).getByLabel("Key of tag 2").fill("level");
  await panel(page).getByLabel("Value of tag 2").fill("2");
  await panel(page).getByRole("checkbox", { name: "View members" }).check();
  await panel(page).getByRole("checkbox", { name: "Create projects" }).check();

  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await expect(panel(page).getByText("3 will be invited")).toBeVisible();
  const grants = panel(page).getByText("Each person invited gets").locator("..");
  await expect(grants).toContainText(group);
  await expect(grants).toContainText("team: design, level: 2");
  await expect(grants).toContainText("View members, Create projects");
  await panel(page).getByRole("button", { name: "Send 3 invitations" }).click();
  await expect(panel(page).getByText("3 sent · 0 skipped · 0 failed")).toBeVisible();

  const list = await invitations(partnerApi, org.id);
  expect(list.map((i) => i.email).sort()).toEqual([...people].sort());
  for (const inv of list) {
    expect(inv.groups.map((g) => g.name)).toEqual([group]);
    expect(inv.tags).toEqual([
      { key: "team", value: "design" },
      { key: "level", value: "2" },
    ]);
    expect([...inv.permissions].sort()).toEqual(["create_projects", "view_members"]);
  }

  const messages = await outboxTo(partnerApi, people);
  expect(messages.map((m) => m.to).sort()).toEqual([...people].sort());
  for (const message of messages) {
    expect(message.link).toContain("/invitations/accept?token=");
    const context = await browser.newContext();
    const invitee = await context.newPage();
    await signIn(invitee, message.to);
    const link = new URL(message.link!);
    await invitee.goto(link.pathname + link.search);
    await expect(invitee.getByText(`invited you to join ${org.name}`)).toBeVisible(LOAD);
    await expect(invitee.getByRole("button", { name: "Accept" })).toBeEnabled();
    await context.close();
  }
});

test("pasting 500 addresses with invalid ones and duplicates", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const valid = Array.from({ length: 490 }, (_, i) => `person${i}.${stamp()}@example.test`);
  const invalid = ["not-an-email", "bad@@example.test", "someone@localhost"];
  const repeats = valid.slice(0, 7).map((e) => e.toUpperCase());
  const column = [...valid.slice(0, 245), ...invalid, ...repeats, ...valid.slice(245)].join("\r\n");
  expect(column.split("\r\n")).toHaveLength(500);
  await openPanel(page, org);

  const started = Date.now();
  await emailsField(page).fill(column);
  await expect(panel(page).getByRole("status").first()).toHaveText(
    "493 addresses · 3 invalid · 7 duplicates merged",
  );
  // Generous for debug builds on a busy machine; a release build is far quicker.
  expect(Date.now() - started).toBeLessThan(10_000);
  await expect(panel(page).getByRole("listitem").filter({ hasText: "@example.test" })).toHaveCount(491);
  await expect(chip(page, "bad@@example.test")).toContainText("Only one “@” is allowed");
  await expect(chip(page, "not-an-email")).toContainText("Missing “@”");
  await expect(chip(page, "someone@localhost")).toContainText("The domain needs a dot");

  // A chip goes away with its button; the count follows.
  await panel(page).getByRole("button", { name: "Remove not-an-email" }).click();
  await expect(panel(page).getByRole("status").first()).toHaveText("492 addresses · 2 invalid");

  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await expect(panel(page).getByText("490 will be invited · 2 invalid")).toBeVisible();
  await expect(panel(page).getByRole("row", { name: /bad@@example\.test/ })).toContainText("Invalid: Only one “@” is allowed");
});

test("a .csv file adds its addresses; a group is created inline", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const people = [address("csv1"), address("csv2")];
  await openPanel(page, org);
  await emailsField(page).fill(`${people[0]},`);
  await panel(page)
    .getByLabel("Import from a .csv or .txt file")
    .setInputFiles({
      name: "people.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`name,email\nAda,${people[0].toUpperCase()}\nBob,${people[1]}\n`),
    });
  await expect(chip(page, people[1])).toBeVisible();
  await expect(panel(page).getByRole("status").first()).toHaveText("2 addresses · 1 duplicate merged");

  const group = `Fresh ${stamp()}`;
  await panel(page).getByRole("searchbox", { name: "Search groups" }).fill(group);
  await panel(page).getByRole("button", { name: `Create group “${group}”` }).click();
  await expect(panel(page).getByRole("checkbox", { name: group })).toBeChecked();
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await expect(panel(page).getByText("Each person invited gets").locator("..")).toContainText(group);
  await panel(page).getByRole("button", { name: "Send 2 invitations" }).click();
  await expect(panel(page).getByText("2 sent · 0 skipped · 0 failed")).toBeVisible();
  for (const inv of await invitations(partnerApi, org.id)) expect(inv.groups.map((g) => g.name)).toEqual([group]);
});

test("each tag rule is explained next to the tag, and fixing it clears the reason", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  await openPanel(page, org);
  await emailsField(page).fill(`${address("tags")} `);
  const addTag = panel(page).getByRole("button", { name: "Add tag" });
  const key = (n: number) => panel(page).getByLabel(`Key of tag ${n}`);
  const value = (n: number) => panel(page).getByLabel(`Value of tag ${n}`);
  const row = (n: number) => panel(page).getByRole("listitem").filter({ has: page.getByLabel(`Key of tag ${n}`) });

  await addTag.click();
  await value(1).fill("orphan");
  await expect(row(1)).toContainText("A tag needs a key");
  await expect(key(1)).toHaveAttribute("aria-invalid", "true");
  await key(1).fill("team");
  await expect(row(1)).not.toContainText("A tag needs a key");
  await expect(key(1)).not.toHaveAttribute("aria-invalid", "true");

  await value(1).fill("x".repeat(67));
  await expect(row(1)).toContainText("at most 70 characters (now 71)");
  await value(1).fill("x".repeat(66));
  await expect(row(1)).not.toContainText("at most 70 characters");

  await key(1).fill("te:am");
  await expect(row(1)).toContainText("can't contain “:”");
  await key(1).fill("te\tam");
  await expect(row(1)).toContainText("control characters");
  await key(1).fill("team");
  await value(1).fill("Sales");

  await addTag.click();
  await key(2).fill("TEAM");
  await value(2).fill("sales");
  await expect(row(2)).toContainText("This tag is already in the list");
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await expect(panel(page).getByText("Some tags need your attention.")).toBeVisible();
  await value(2).fill("support");
  await expect(row(2)).not.toContainText("already in the list");

  for (let n = 3; n <= 11; n++) {
    await addTag.click();
    await key(n).fill(`k${n}`);
  }
  await expect(row(11)).toContainText("at most 10 tags");
  await expect(panel(page).getByText("11 of 10 tags")).toBeVisible();
  await panel(page).getByRole("button", { name: "Remove tag 11" }).click();
  await expect(panel(page).getByText("at most 10 tags")).toHaveCount(0);

  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await expect(panel(page).getByText("Each person invited gets")).toBeVisible();
  await expect(panel(page).getByText("team: Sales, team: support, k3")).toBeVisible();
});

test("an address already a member and one already invited are skipped in the review", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const invited = address("invited");
  const fresh = address("fresh");
  const res = await partnerApi.post(`/api/v1/organizations/${org.id}/invitations`, {
    data: { emails: [invited] },
    headers: { "Idempotency-Key": stamp() },
  });
  expect(res.status(), await res.text()).toBe(200);
  await openPanel(page, org);
  await emailsField(page).fill(`${org.owner}\n${invited}\n${fresh}\n`);
  await panel(page).getByRole("button", { name: "Review and invite" }).click();

  await expect(panel(page).getByText("1 will be invited · 1 skipped (already a member) · 1 skipped (already invited)")).toBeVisible();
  await expect(panel(page).getByRole("row", { name: new RegExp(org.owner) })).toContainText("Already a member (skipped)");
  const invitedRow = panel(page).getByRole("row", { name: new RegExp(invited) });
  await expect(invitedRow).toContainText("Already invited (skipped)");
  await expect(invitedRow.getByRole("link", { name: `View the invitation of ${invited}` })).toHaveAttribute(
    "href",
    `/orgs/${org.id}/invitations?search=${encodeURIComponent(invited)}`,
  );
  await expect(panel(page).getByRole("row", { name: new RegExp(fresh) })).toContainText("Will be invited");

  // Back keeps everything; sending skips the two.
  await panel(page).getByRole("button", { name: "Back" }).click();
  await expect(chip(page, invited)).toBeVisible();
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 1 invitation" }).click();
  await expect(panel(page).getByText("1 sent · 2 skipped · 0 failed")).toBeVisible();
  expect((await invitations(partnerApi, org.id)).map((i) => i.email).sort()).toEqual([fresh, invited].sort());
});

test("a double click on Send creates exactly one invitation per address", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const people = [address("dbl1"), address("dbl2")];
  const keys = sendKeys(page);
  await openPanel(page, org);
  await emailsField(page).fill(people.join("\n") + "\n");
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 2 invitations" }).dblclick();
  await expect(panel(page).getByText("2 sent · 0 skipped · 0 failed")).toBeVisible();

  expect(new Set(keys).size).toBe(1);
  const list = await invitations(partnerApi, org.id);
  expect(list.map((i) => i.email).sort()).toEqual([...people].sort());
  expect((await outboxTo(partnerApi, people)).length).toBe(2);
});

test("a server error on Send keeps everything typed, and retries never duplicate", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const group = `Ops ${stamp()}`;
  expect((await partnerApi.post(`/api/v1/organizations/${org.id}/groups`, { data: { name: group } })).status()).toBe(201);
  const people = [address("err1"), address("err2")];
  const keys = sendKeys(page);
  // 1st send: fails before reaching the server. 2nd: reaches it, but the
  // answer is lost (as on a timeout). 3rd: goes through.
  let sends = 0;
  await page.route(/\/invitations\?dry_run=false$/, async (route) => {
    sends += 1;
    if (sends === 1) {
      await route.fulfill({ status: 500, contentType: "application/problem+json", body: "{}" });
    } else if (sends === 2) {
      await route.fetch();
      await route.fulfill({ status: 503, body: "" });
    } else {
      await route.continue();
    }
  });
  await openPanel(page, org);
  await emailsField(page).fill(people.join(", ") + ",");
  await panel(page).getByRole("checkbox", { name: group }).check();
  await panel(page).getByRole("button", { name: "Add tag" }).click();
  await panel(page).getByLabel("Key of tag 1").fill("site");
  await panel(page).getByLabel("Value of tag 1").fill("paris");
  await panel(page).getByRole("checkbox", { name: "API access" }).check();
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 2 invitations" }).click();

  await expect(panel(page).getByRole("heading", { name: "Invitations not sent" })).toBeVisible();
  await expect(panel(page).getByText("0 sent · 0 skipped · 2 failed")).toBeVisible();
  await expect(panel(page).getByRole("row", { name: new RegExp(people[0]) })).toContainText("Failed: Something went wrong");

  // Back: everything typed is still there.
  await panel(page).getByRole("button", { name: "Back" }).click();
  for (const p of people) await expect(chip(page, p)).toBeVisible();
  await expect(panel(page).getByRole("checkbox", { name: group })).toBeChecked();
  await expect(panel(page).getByLabel("Key of tag 1")).toHaveValue("site");
  await expect(panel(page).getByLabel("Value of tag 1")).toHaveValue("paris");
  await expect(panel(page).getByRole("checkbox", { name: "API access" })).toBeChecked();

  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 2 invitations" }).click();
  await expect(panel(page).getByRole("heading", { name: "Invitations not sent" })).toBeVisible();
  await panel(page).getByRole("button", { name: "Retry failed" }).click();
  await expect(panel(page).getByText("2 sent · 0 skipped · 0 failed")).toBeVisible();

  expect(keys).toHaveLength(3);
  expect(new Set(keys).size).toBe(1);
  const list = await invitations(partnerApi, org.id);
  expect(list.map((i) => i.email).sort()).toEqual([...people].sort());
  expect((await outboxTo(partnerApi, people)).length).toBe(2);
});

test("a reload in the middle of sending keeps the draft and its key", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const people = [address("rl1"), address("rl2")];
  const keys = sendKeys(page);
  let hold = true;
  await page.route(/\/invitations\?dry_run=false$/, async (route) => {
    if (hold) return; // never answered: the page reloads first
    await route.continue();
  });
  await openPanel(page, org);
  await emailsField(page).fill(people.join("\n") + "\n");
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 2 invitations" }).click();
  await expect(panel(page).getByRole("button", { name: "Sending…" })).toBeDisabled();
  await page.reload();
  hold = false;

  await expect(addButton(page)).not.toHaveAttribute("aria-disabled", "true", LOAD);
  await addButton(page).click();
  for (const p of people) await expect(chip(page, p)).toBeVisible();
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 2 invitations" }).click();
  await expect(panel(page).getByText("2 sent · 0 skipped · 0 failed")).toBeVisible();
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect((await invitations(partnerApi, org.id)).length).toBe(2);
});

test("the whole flow by keyboard only; Esc asks before closing and the draft survives", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const group = `Keys ${stamp()}`;
  expect((await partnerApi.post(`/api/v1/organizations/${org.id}/groups`, { data: { name: group } })).status()).toBe(201);
  const person = address("kb");
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/users`);
  await expect(addButton(page)).not.toHaveAttribute("aria-disabled", "true", LOAD);
  await tabTo(page, addButton(page));
  await page.keyboard.press("Enter");
  await expect(panel(page)).toBeVisible();
  await expect(emailsField(page)).toBeFocused();
  await page.keyboard.type(person);
  await page.keyboard.press("Enter");
  await expect(chip(page, person)).toBeVisible();

  // Esc asks; Esc again closes, focus back on the button; the draft stays.
  await page.keyboard.press("Escape");
  await expect(panel(page).getByRole("alertdialog")).toContainText("Close the panel?");
  await expect(panel(page).getByRole("button", { name: "Keep editing" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toBeHidden();
  await expect(addButton(page)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(chip(page, person)).toBeVisible();

  // Backspace in the empty field edits the last chip.
  await expect(emailsField(page)).toBeFocused();
  await page.keyboard.press("Backspace");
  await expect(emailsField(page)).toHaveValue(person);
  await page.keyboard.press("Enter");
  await expect(chip(page, person)).toBeVisible();

  await tabTo(page, panel(page).getByRole("checkbox", { name: group }));
  await page.keyboard.press("Space");
  await tabTo(page, panel(page).getByRole("button", { name: "Add tag" }));
  await page.keyboard.press("Enter");
  await tabTo(page, panel(page).getByLabel("Key of tag 1"), true);
  await page.keyboard.type("floor");
  await page.keyboard.press("Tab");
  await page.keyboard.type("3");
  await tabTo(page, panel(page).getByRole("checkbox", { name: "Select all" }));
  await page.keyboard.press("Space");
  await tabTo(page, panel(page).getByRole("button", { name: "Review and invite" }));
  await page.keyboard.press("Enter");
  await expect(panel(page).getByRole("heading", { name: "Review" })).toBeFocused();
  await tabTo(page, panel(page).getByRole("button", { name: "Send 1 invitation" }));
  await page.keyboard.press("Enter");
  await expect(panel(page).getByText("1 sent · 0 skipped · 0 failed")).toBeVisible();
  await tabTo(page, panel(page).getByRole("button", { name: "Done" }));
  await page.keyboard.press("Enter");
  await expect(addButton(page)).toBeFocused();

  const [inv] = await invitations(partnerApi, org.id);
  expect(inv.email).toBe(person);
  expect(inv.groups.map((g) => g.name)).toEqual([group]);
  expect(inv.tags).toEqual([{ key: "floor", value: "3" }]);
  expect(inv.permissions).toHaveLength(7);
});

test("in a locked organization the flow is disabled with the reason", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  const res = await partnerApi.post(`/api/v1/organizations/${org.id}/lock`, { data: { reason: "Unpaid invoices" } });
  expect(res.status(), await res.text()).toBe(200);
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/users`);
  await expect(addButton(page)).toHaveAccessibleDescription(/Unpaid invoices/, LOAD);
  await expect(addButton(page)).toHaveAttribute("aria-disabled", "true");
  await expect(addButton(page)).toHaveAccessibleDescription(/Unpaid invoices/);
  await addButton(page).click({ force: true });
  await expect(panel(page)).toBeHidden();
});

test("permissions the inviter lacks are greyed out with the reason and never sent", async ({ page, partnerApi }) => {
  const org = await newOrg(partnerApi);
  // A member who may manage members, but not the organization nor billing.
  const manager = address("max");
  const res = await partnerApi.post(`/api/v1/organizations/${org.id}/invitations`, {
    data: { emails: [manager], permissions: ["manage_members", "view_members"] },
  });
  expect(res.status(), await res.text()).toBe(200);
  const invitation = (await res.json()).results[0].invitation;
  const managerApi = await apiAs(manager);
  const accepted = await managerApi.post(`/api/v1/me/invitations/${invitation.id}/accept`);
  expect(accepted.status(), await accepted.text()).toBe(200);
  await managerApi.dispose();

  await signIn(page, manager);
  await page.goto(`/orgs/${org.id}/users`);
  await expect(addButton(page)).not.toHaveAttribute("aria-disabled", "true", LOAD);
  await addButton(page).click();
  await expect(panel(page)).toBeVisible();
  const manageOrg = panel(page).getByRole("checkbox", { name: /Manage organization/ });
  await expect(manageOrg).toBeDisabled();
  await expect(manageOrg).toHaveAccessibleDescription(/You don't hold this permission/);
  await expect(panel(page).getByRole("checkbox", { name: /Manage billing/ })).toBeDisabled();
  await expect(panel(page).getByRole("checkbox", { name: /View members/ })).toBeEnabled();
  // "Select all" takes only what the inviter holds.
  await panel(page).getByRole("checkbox", { name: "Select all" }).check();
  await expect(panel(page).getByRole("checkbox", { name: /Manage members/ })).toBeChecked();
  await expect(panel(page).getByRole("checkbox", { name: /View members/ })).toBeChecked();
  await expect(manageOrg).not.toBeChecked();
  await checkA11y(page);

  const friend = address("friend");
  await emailsField(page).fill(friend);
  await emailsField(page).press("Enter");
  await panel(page).getByRole("button", { name: "Review and invite" }).click();
  await panel(page).getByRole("button", { name: "Send 1 invitation" }).click();
  await expect(panel(page).getByRole("heading", { name: "Invitations sent" })).toBeVisible();
  const sent = (await invitations(partnerApi, org.id)).find((i) => i.email === friend);
  expect(sent?.permissions.sort()).toEqual(["manage_members", "view_members"]);
});
