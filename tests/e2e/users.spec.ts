import { test, expect, signIn, unique, checkA11y, tokenFor, serverUrl, PARTNER } from "./fixtures";
import { request, type APIRequestContext, type Page, type Locator } from "@playwright/test";
import { readFileSync } from "node:fs";

// Issue 4: the users table, driven as a person would, against the real
// server. Each test builds its own organization through the API (members
// join through invitations they accept), so tests run in any order.

type Org = { id: string; name: string };
type Group = { id: string; name: string };
type Spec = { name: string; tags?: { key: string; value: string }[]; group_ids?: string[] };

async function createOrg(api: APIRequestContext, name = unique("Users")): Promise<Org> {
  const res = await api.post("/api/v1/organizations", {
    data: { name, email: `owner.${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.test`, owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

async function createGroup(api: APIRequestContext, org: Org, name: string): Promise<Group> {
  const res = await api.post(`/api/v1/organizations/${org.id}/groups`, { data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** Members who joined by accepting an invitation; returns their addresses in order. */
async function addMembers(api: APIRequestContext, org: Org, specs: Spec[]): Promise<string[]> {
  const tag = Math.random().toString(36).slice(2, 8);
  const people = specs.map((s, i) => ({ ...s, email: `${s.name.toLowerCase().replace(/\W+/g, ".")}.${tag}${i}@example.test` }));
  for (const p of people) {
    const res = await api.post(`/api/v1/organizations/${org.id}/invitations`, {
      headers: { "Idempotency-Key": `${tag}-${p.email}` },
      data: { emails: [p.email], group_ids: p.group_ids ?? [], tags: p.tags ?? [], permissions: ["view_members"] },
    });
    expect(res.status(), await res.text()).toBeLessThan(300);
    const invitation = (await res.json()).results[0].invitation;
    const token = await tokenFor(p.email, p.name);
    const ctx = await request.newContext({ baseURL: serverUrl(), extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const accepted = await ctx.post(`/api/v1/me/invitations/${invitation.id}/accept`);
    expect(accepted.status(), await accepted.text()).toBe(200);
    await ctx.dispose();
  }
  return people.map((p) => p.email);
}

const table = (page: Page) => page.getByRole("table", { name: "Users" });
const bodyRows = (page: Page) => table(page).locator("tbody tr:not([aria-hidden])");
const rowOf = (page: Page, text: string) => bodyRows(page).filter({ hasText: text });
const summary = (page: Page) => page.getByRole("navigation", { name: "Pagination" });
const search = (page: Page) => page.getByRole("searchbox", { name: "Search by name or email" });

/** Presses Tab until `target` has the focus (at most `max` times). */
async function tabTo(page: Page, target: Locator, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((e) => e === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

async function openUsers(page: Page, org: Org, query = ""): Promise<void> {
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/users${query}`);
  // The first load compiles the app: allow for a busy machine.
  await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible({ timeout: 20_000 });
}

test.describe("users table", () => {
  test("search is server-side and debounced; no results offers to clear", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Alice Apple" }, { name: "Bob Berry" }, { name: "Carol Cherry" }]);
    await openUsers(page, org);
    await expect(bodyRows(page)).toHaveCount(4);
    await expect(summary(page)).toContainText("1–4 of 4");

    const requests: string[] = [];
    page.on("request", (r) => { if (r.url().includes("/users?")) requests.push(r.url()); });
    await search(page).pressSequentially("berry", { delay: 30 });
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, "Bob Berry")).toBeVisible();
    await expect(page).toHaveURL(/[?&]q=berry/);
    // Debounced: one request for the whole word, not one per keystroke.
    expect(requests.filter((u) => u.includes("search=")).length).toBeLessThanOrEqual(2);

    await search(page).fill("nobody-like-this");
    await expect(page.getByText("No user matches this search or these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear search and filters" }).click();
    await expect(bodyRows(page)).toHaveCount(4);
    await expect(search(page)).toHaveValue("");
    await expect(page).not.toHaveURL(/q=/);
  });

  test("filters by group, by tag and by type", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    const sales = await createGroup(partnerApi, org, "Sales");
    await createGroup(partnerApi, org, "Support");
    await addMembers(partnerApi, org, [
      { name: "Dana Sales", group_ids: [sales.id], tags: [{ key: "team", value: "red" }] },
      { name: "Eli Support", tags: [{ key: "team", value: "blue" }] },
      { name: "Fay Other" },
    ]);
    await openUsers(page, org);
    await expect(bodyRows(page)).toHaveCount(4);

    await page.getByLabel("Group").selectOption({ label: "Sales" });
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, "Dana Sales")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`group=${sales.id}`));
    await page.getByLabel("Group").selectOption({ label: "Any" });
    await expect(bodyRows(page)).toHaveCount(4);

    await page.getByLabel("Tag").fill("team:blue");
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, "Eli Support")).toBeVisible();
    await expect(rowOf(page, "Eli Support").getByText("team: blue")).toBeVisible();
    await page.getByLabel("Tag").fill("team");
    await expect(bodyRows(page)).toHaveCount(2);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(bodyRows(page)).toHaveCount(4);

    await page.getByLabel("Type").selectOption({ label: "Owner" });
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, "Olive Owner")).toBeVisible();
    await page.getByLabel("Type").selectOption({ label: "Member" });
    await expect(bodyRows(page)).toHaveCount(3);
    await expect(page).toHaveURL(/type=member/);
  });

  test("sorting by a header sets aria-sort and orders the rows", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Aaron First" }, { name: "Zed Last" }]);
    await openUsers(page, org);
    const userHeader = table(page).getByRole("columnheader", { name: /User/ });
    const joinedHeader = table(page).getByRole("columnheader", { name: /Joined/ });
    await expect(userHeader).toHaveAttribute("aria-sort", "ascending");
    await expect(bodyRows(page).first()).toContainText("Aaron First");

    await userHeader.getByRole("button").click();
    await expect(userHeader).toHaveAttribute("aria-sort", "descending");
    await expect(bodyRows(page).first()).toContainText("Zed Last");
    await expect(page).toHaveURL(/sort=-email/);

    await joinedHeader.getByRole("button").click();
    await expect(joinedHeader).toHaveAttribute("aria-sort", "descending");
    await expect(userHeader).toHaveAttribute("aria-sort", "none");
    // The newest member first: Zed joined last.
    await expect(bodyRows(page).first()).toContainText("Zed Last");
    await expect(bodyRows(page).last()).toContainText("Olive Owner");
  });

  test("paging and page size, with the view restored after reload and back/forward", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, Array.from({ length: 27 }, (_, i) => ({ name: `Pat Person${String(i).padStart(2, "0")}` })));
    await openUsers(page, org);
    await expect(summary(page)).toContainText("1–25 of 28");
    await expect(bodyRows(page)).toHaveCount(25);

    await page.getByRole("button", { name: "Next page" }).click();
    await expect(summary(page)).toContainText("26–28 of 28");
    await expect(bodyRows(page)).toHaveCount(3);
    await expect(page).toHaveURL(/page=2/);

    await page.getByLabel("Rows per page").selectOption("50");
    await expect(summary(page)).toContainText("1–28 of 28");
    await expect(page).toHaveURL(/size=50/);
    await expect(page).not.toHaveURL(/page=2/);

    // A view with a search, a type and a sort survives a reload...
    await page.getByLabel("Type").selectOption({ label: "Member" });
    await search(page).fill("person0");
    await expect(bodyRows(page)).toHaveCount(10);
    await table(page).getByRole("button", { name: /Joined/ }).click();
    await expect(bodyRows(page).first()).toContainText("Pat Person09");
    const url = page.url();
    await page.reload();
    await expect(search(page)).toHaveValue("person0");
    await expect(page.getByLabel("Type")).toHaveValue("member");
    await expect(page.getByLabel("Rows per page")).toHaveValue("50");
    await expect(table(page).getByRole("columnheader", { name: /Joined/ })).toHaveAttribute("aria-sort", "descending");
    await expect(bodyRows(page)).toHaveCount(10);
    await expect(bodyRows(page).first()).toContainText("Pat Person09");
    expect(page.url()).toBe(url);

    // ...and back/forward walk through the views.
    await page.goBack();
    await expect(table(page).getByRole("columnheader", { name: /Joined/ })).toHaveAttribute("aria-sort", "none");
    await expect(bodyRows(page).first()).toContainText("Pat Person00");
    await page.goForward();
    await expect(table(page).getByRole("columnheader", { name: /Joined/ })).toHaveAttribute("aria-sort", "descending");
    await expect(bodyRows(page).first()).toContainText("Pat Person09");
    await expect(search(page)).toHaveValue("person0");
  });

  test("bulk add to a group", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await createGroup(partnerApi, org, "Design");
    await addMembers(partnerApi, org, [{ name: "Gus Green" }, { name: "Hana Hill" }, { name: "Ivy Ink" }]);
    await openUsers(page, org);
    await page.getByRole("checkbox", { name: "Select Gus Green" }).check();
    await page.getByRole("checkbox", { name: "Select Ivy Ink" }).check();
    await expect(page.getByText("2 users selected")).toBeVisible();
    await page.getByRole("button", { name: "Add to group…" }).click();
    const dialog = page.getByRole("dialog", { name: "Add to a group" });
    await expect(dialog).toContainText("Add 2 users to a group:");
    await dialog.getByLabel("Group").selectOption({ label: "Design" });
    await checkA11y(page);
    await dialog.getByRole("button", { name: "Add to group" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("2 users added to “Design”.")).toBeVisible();
    await expect(rowOf(page, "Gus Green")).toContainText("Design");
    await expect(rowOf(page, "Ivy Ink")).toContainText("Design");
    await expect(rowOf(page, "Hana Hill")).not.toContainText("Design");
    await expect(page.getByText("2 users selected")).toBeHidden();
  });

  test("bulk remove asks first, names who, and never offers the owner", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Jo Jones" }, { name: "Kim Kane" }]);
    await openUsers(page, org);
    await expect(page.getByRole("checkbox", { name: /Olive Owner owns the organization/ })).toBeDisabled();

    await page.getByRole("checkbox", { name: "Select all users on this page" }).check();
    await expect(page.getByText("2 users selected")).toBeVisible();
    await page.getByRole("button", { name: "Remove…" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove 2 users?" });
    await expect(dialog).toContainText("Jo Jones");
    await expect(dialog).toContainText("Kim Kane");
    await expect(dialog).not.toContainText("Olive Owner");
    await checkA11y(page);

    // Cancel changes nothing.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(bodyRows(page)).toHaveCount(3);

    await page.getByRole("button", { name: "Remove…" }).click();
    await dialog.getByRole("button", { name: "Remove", exact: true }).click();
    await expect(page.getByText("2 users removed.")).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(1);
    await expect(rowOf(page, "Olive Owner")).toBeVisible();
    const res = await partnerApi.get(`/api/v1/organizations/${org.id}/users`);
    expect((await res.json()).total_count).toBe(1);
  });

  test("an organization with only its owner invites to add people", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await openUsers(page, org);
    await expect(rowOf(page, "Olive Owner")).toBeVisible();
    await expect(page.getByText("Only the owner is in this organization so far.")).toBeVisible();
    await expect(page.getByText("Invite people with “Add users” to get started.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add users" })).toBeVisible();
  });

  test("a server error is shown with a retry that works", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Lou Loop" }]);
    // The server fails until the person asks to retry.
    let failing = true;
    await page.route((url) => url.pathname === `/api/v1/organizations/${org.id}/users`, async (route) => {
      if (failing) {
        await route.fulfill({ status: 500, contentType: "application/problem+json", body: JSON.stringify({ type: "about:blank", title: "Boom", status: 500, code: "internal", detail: "Injected" }) });
      } else {
        await route.continue();
      }
    });
    await openUsers(page, org);
    const alert = page.getByRole("alert").filter({ hasText: "Something went wrong on our side" });
    await expect(alert).toBeVisible();
    await expect(bodyRows(page)).toHaveCount(0);
    failing = false;
    await alert.getByRole("button", { name: "Retry" }).click();
    await expect(rowOf(page, "Lou Loop")).toBeVisible();
    await expect(alert).toBeHidden();
  });

  test("exports the current view as CSV, all pages", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    const emails = await addMembers(partnerApi, org, [{ name: "Mia Mint" }, { name: "Ned Nut" }]);
    await openUsers(page, org, "?type=member&size=25");
    await expect(bodyRows(page)).toHaveCount(2);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/-users\.csv$/);
    const csv = readFileSync(await file.path(), "utf8");
    expect(csv.split("\r\n")[0]).toContain("email,display_name,type");
    expect(csv).toContain(emails[0]);
    expect(csv).toContain(emails[1]);
    expect(csv).not.toContain("Olive Owner");
  });

  test("shows the pending invitations with a link to them", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    const res = await partnerApi.post(`/api/v1/organizations/${org.id}/invitations`, {
      headers: { "Idempotency-Key": unique("k") },
      data: { emails: ["wait.one@example.test", "wait.two@example.test"], group_ids: [], tags: [], permissions: [] },
    });
    expect(res.status()).toBeLessThan(300);
    await openUsers(page, org);
    await page.getByRole("link", { name: "2 pending invitations" }).click();
    await expect(page).toHaveURL(new RegExp(`/orgs/${org.id}/invitations`));
  });

  test("a locked organization disables every change and says why", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Ola Lock" }]);
    const lock = await partnerApi.post(`/api/v1/organizations/${org.id}/lock`, { data: { reason: "Unpaid invoices" } });
    expect(lock.status()).toBe(200);
    await openUsers(page, org);
    await expect(page.getByText("This organization is locked, so it can't be changed.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit Ola Lock" })).toBeDisabled();
    await page.getByRole("checkbox", { name: "Select Ola Lock" }).check();
    await expect(page.getByRole("button", { name: "Add to group…" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Remove…" })).toBeDisabled();
  });

  test("editing groups and permissions updates the row without a reload", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await createGroup(partnerApi, org, "Ops");
    await addMembers(partnerApi, org, [{ name: "Quinn Quill" }]);
    await openUsers(page, org);
    let navigations = 0;
    page.on("framenavigated", () => navigations++);
    await page.getByRole("button", { name: "Edit Quinn Quill" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Quinn Quill" });
    await dialog.getByRole("checkbox", { name: "Ops" }).check();
    await dialog.getByRole("checkbox", { name: /Create projects/ }).check();
    await checkA11y(page);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Quinn Quill saved.")).toBeVisible();
    await expect(rowOf(page, "Quinn Quill")).toContainText("Ops");
    await expect(rowOf(page, "Quinn Quill")).toContainText("2 permissions");
    expect(navigations).toBe(0);
  });

  test("editing a user's tags: an invalid tag is explained, corrected and saved", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Uma Udon", tags: [{ key: "team", value: "red" }] }]);
    await openUsers(page, org);
    await page.getByRole("button", { name: "Edit Uma Udon" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Uma Udon" });
    await expect(dialog.getByLabel("Key of tag 1")).toHaveValue("team");
    await dialog.getByRole("button", { name: "Add tag" }).click();
    await dialog.getByLabel("Key of tag 2").fill("team");
    await dialog.getByLabel("Value of tag 2").fill("RED");
    await expect(dialog.getByText("This tag is already in the list")).toBeVisible();
    await expect(dialog.getByLabel("Key of tag 2")).toHaveAttribute("aria-invalid", "true");
    // Saving is refused while a tag breaks a rule: nothing is sent.
    let patches = 0;
    page.on("request", (r) => { if (r.method() === "PATCH") patches++; });
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeVisible();
    expect(patches).toBe(0);

    await dialog.getByLabel("Value of tag 2").fill("blue");
    await expect(dialog.getByText("This tag is already in the list")).toBeHidden();
    await dialog.getByRole("button", { name: "Add tag" }).click();
    await dialog.getByLabel("Key of tag 3").fill("site");
    await dialog.getByLabel("Value of tag 3").fill("Lyon");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    const row = rowOf(page, "Uma Udon");
    await expect(row.getByText("team: red")).toBeVisible();
    await expect(row.getByText("team: blue")).toBeVisible();
    await expect(row.getByText("site: Lyon")).toBeVisible();
    const res = await partnerApi.get(`/api/v1/organizations/${org.id}/users?search=uma`);
    expect((await res.json()).items[0].tags).toEqual(
      expect.arrayContaining([{ key: "team", value: "blue" }, { key: "site", value: "Lyon" }]),
    );
  });

  test("the table and the edit dialog work with the keyboard only", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Ray Key" }, { name: "Sue Key" }]);
    await openUsers(page, org);
    await expect(bodyRows(page)).toHaveCount(3);

    // Search by keyboard.
    await search(page).focus();
    await page.keyboard.type("ray");
    await page.keyboard.press("Enter");
    await expect(bodyRows(page)).toHaveCount(1);
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Enter");
    await expect(bodyRows(page)).toHaveCount(3);

    // Sort by keyboard: Tab reaches the header buttons.
    const userSort = table(page).getByRole("button", { name: /^User/ });
    await page.getByRole("checkbox", { name: "Select all users on this page" }).focus();
    await page.keyboard.press("Tab");
    await expect(userSort).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(table(page).getByRole("columnheader", { name: /User/ })).toHaveAttribute("aria-sort", "descending");
    // Wait for the sorted rows to be painted (the header changes at once, the
    // rows when the server answers): rows painted later would take the focus
    // with them on a busy machine.
    await expect(bodyRows(page).first()).toContainText("Sue Key");
    await expect(table(page)).not.toHaveAttribute("aria-busy", "true");

    // Select with Space, then open the editor with Enter.
    const select = page.getByRole("checkbox", { name: "Select Sue Key" });
    await select.focus();
    await page.keyboard.press("Space");
    await expect(select).toBeChecked();
    await page.keyboard.press("Tab");
    // Tab walks the row to its Edit button.
    const edit = page.getByRole("button", { name: "Edit Sue Key" });
    await tabTo(page, edit);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Edit Sue Key" });
    await expect(dialog).toBeVisible();
    // Esc closes and focus comes back to the Edit button.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(edit).toBeFocused();

    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    const perm = dialog.getByRole("checkbox", { name: /API access/ });
    await perm.focus();
    await page.keyboard.press("Space");
    await expect(perm).toBeChecked();
    await tabTo(page, dialog.getByRole("button", { name: "Save changes" }));
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(rowOf(page, "Sue Key")).toContainText("2 permissions");
  });

  test("a manager edits only the permissions it holds, never its own nor the owner's", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    const [maxEmail] = await addMembers(partnerApi, org, [{ name: "Max Manager" }, { name: "Nia Note" }]);
    const found = await partnerApi.get(`/api/v1/organizations/${org.id}/users?search=max`);
    const max = (await found.json()).items[0];
    const promoted = await partnerApi.patch(`/api/v1/organizations/${org.id}/users/${max.id}`, {
      data: { permissions: ["manage_members", "view_members"] },
    });
    expect(promoted.status(), await promoted.text()).toBe(200);
    await signIn(page, maxEmail);
    await page.goto(`/orgs/${org.id}/users`);
    await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible({ timeout: 20_000 });

    // Another member: what Max holds can change; the rest is greyed out, with the reason.
    await page.getByRole("button", { name: "Edit Nia Note" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit Nia Note" });
    const manageOrg = dialog.getByRole("checkbox", { name: /Manage organization/ });
    await expect(manageOrg).toBeDisabled();
    await expect(manageOrg).toHaveAccessibleDescription(/You don't hold this permission/);
    await expect(dialog.getByRole("checkbox", { name: /Manage billing/ })).toBeDisabled();
    await dialog.getByRole("checkbox", { name: /Manage members/ }).check();
    await checkA11y(page);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(rowOf(page, "Nia Note")).toContainText("2 permissions");

    // Max's own permissions: every box disabled, with the reason; tags stay editable.
    await page.getByRole("button", { name: "Edit Max Manager" }).click();
    const own = page.getByRole("dialog", { name: "Edit Max Manager" });
    await expect(own.getByText(/You can't change your own permissions/)).toBeVisible();
    const ownView = own.getByRole("checkbox", { name: /View members/ });
    await expect(ownView).toBeDisabled();
    await expect(ownView).toHaveAccessibleDescription(/You can't change your own permissions/);
    await expect(own.getByRole("checkbox", { name: /Manage members/ })).toBeDisabled();
    await own.getByRole("button", { name: "Add tag" }).click();
    await own.getByLabel("Key of tag 1").fill("team");
    await own.getByLabel("Value of tag 1").fill("core");
    await own.getByRole("button", { name: "Save changes" }).click();
    await expect(own).toBeHidden();
    await expect(rowOf(page, "Max Manager").getByText("team: core")).toBeVisible();

    // The owner's permissions: fixed, with the reason.
    await page.getByRole("button", { name: "Edit Olive Owner" }).click();
    const owner = page.getByRole("dialog", { name: "Edit Olive Owner" });
    await expect(owner.getByText(/The owner holds every permission/)).toBeVisible();
    await expect(owner.getByRole("checkbox", { name: /View members/ })).toBeDisabled();
    await page.keyboard.press("Escape");
    await expect(owner).toBeHidden();
  });

  test("axe-core finds nothing serious on the table", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi);
    await addMembers(partnerApi, org, [{ name: "Tia Tag", tags: [{ key: "team", value: "red" }] }]);
    await openUsers(page, org);
    await expect(rowOf(page, "Tia Tag")).toBeVisible();
    await page.getByRole("checkbox", { name: "Select Tia Tag" }).check();
    await checkA11y(page);
  });
});
