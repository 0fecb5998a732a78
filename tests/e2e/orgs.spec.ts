import { test, expect, signIn, unique, checkA11y, apiAs, tokenFor, serverUrl, PARTNER } from "./fixtures";
import { request, type APIRequestContext, type Page, type Route } from "@playwright/test";

// Issue 3: the organization switcher, the directory and the details page,
// driven as a person would, against the real server.

type Org = { id: string; name: string; status: string };

async function orgNamed(api: APIRequestContext, name: string): Promise<Org> {
  const res = await api.get(`/api/v1/organizations?search=${encodeURIComponent(name)}&page_size=100`);
  expect(res.status(), await res.text()).toBe(200);
  const org = (await res.json()).items.find((o: Org) => o.name === name);
  expect(org, `organization ${name}`).toBeTruthy();
  return org;
}

async function createOrg(api: APIRequestContext, name: string): Promise<Org> {
  const res = await api.post("/api/v1/organizations", {
    data: { name, email: `owner.${Date.now()}@example.test`, owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

async function firstMemberEmail(api: APIRequestContext, orgId: string): Promise<string> {
  const res = await api.get(`/api/v1/organizations/${orgId}/users?page_size=1&order_by=email`);
  expect(res.status()).toBe(200);
  return (await res.json()).items[0].email;
}

const switcher = (page: Page) => page.getByRole("button", { name: /^Organization:/ });

/** Picks an organization with the mouse; searching first, as other tests may have created many. */
async function pickOrg(page: Page, name: string): Promise<void> {
  await switcher(page).click();
  await page.getByRole("combobox", { name: "Search organizations" }).fill(name);
  await page.getByRole("listbox", { name: "Organizations" }).getByRole("option", { name: new RegExp(`^${name}`) }).click();
}
const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name });

test.describe("organization switcher", () => {
  test("switching with the mouse keeps the kind of page and updates the URL", async ({ page, partnerApi }) => {
    const acme = await orgNamed(partnerApi, "Acme Corp");
    const globex = await orgNamed(partnerApi, "Globex");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/invitations`);
    await expect(heading(page, "Acme Corp")).toBeVisible();
    await expect(switcher(page)).toContainText("Acme Corp");

    await switcher(page).click();
    const search = page.getByRole("combobox", { name: "Search organizations" });
    await search.fill("Acme Corp");
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option", { name: /Acme Corp/ })).toContainText("current");
    await search.fill("Globex");
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option", { name: /Globex/ })).not.toContainText("current");
    await page.getByRole("listbox", { name: "Organizations" }).getByRole("option", { name: /Globex/ }).click();

    await expect(page).toHaveURL(new RegExp(`/orgs/${globex.id}/invitations$`));
    await expect(heading(page, "Globex")).toBeVisible();
    await expect(page.getByRole("link", { name: "Invitations", exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("listbox")).toHaveCount(0);
  });

  test("switching with the keyboard only: arrows, Enter, Esc and type-ahead", async ({ page, partnerApi }) => {
    const acme = await orgNamed(partnerApi, "Acme Corp");
    const hooli = await orgNamed(partnerApi, "Hooli");
    const prefix = unique("Keys");
    const [, second] = [
      await createOrg(partnerApi, `${prefix} Alpha`),
      await createOrg(partnerApi, `${prefix} Bravo`),
      await createOrg(partnerApi, `${prefix} Charlie`),
    ];
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/users`);
    await expect(heading(page, "Acme Corp")).toBeVisible();

    // Tab from the top of the page: skip link, product name, then the switcher.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(switcher(page)).toBeFocused();

    // Arrow opens it; Esc closes it and gives focus back.
    await page.keyboard.press("ArrowDown");
    const search = page.getByRole("combobox", { name: "Search organizations" });
    await expect(search).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("listbox")).toHaveCount(0);
    await expect(switcher(page)).toBeFocused();

    // Type-ahead: a letter on the closed switcher starts a search with it.
    await page.keyboard.type("hoo");
    await expect(search).toHaveValue("hoo");
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option")).toHaveCount(1);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/orgs/${hooli.id}/users$`));
    await expect(heading(page, "Hooli")).toBeVisible();

    // Arrows move through the list; Enter picks the active option.
    await switcher(page).focus();
    await page.keyboard.press("ArrowDown");
    await expect(search).toBeFocused();
    await page.keyboard.type(prefix);
    const options = page.getByRole("listbox", { name: "Organizations" }).getByRole("option");
    await expect(options).toHaveCount(3);
    // Typing makes the first match active; arrows move from there and stop at the ends.
    await expect(options.nth(0)).toHaveAttribute("aria-selected", "true");
    for (const key of ["ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp"]) await page.keyboard.press(key);
    await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
    await expect(options.nth(0)).toHaveAttribute("aria-selected", "false");
    await expect(search).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/orgs/${second.id}/users$`));
    await expect(heading(page, second.name)).toBeVisible();
    await expect(switcher(page)).toBeFocused();
  });

  test("the organization switched to is remembered for the next visit", async ({ page, partnerApi }) => {
    const acme = await orgNamed(partnerApi, "Acme Corp");
    const stark = await orgNamed(partnerApi, "Stark Industries");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/users`);
    await pickOrg(page, "Stark Industries");
    await expect(heading(page, "Stark Industries")).toBeVisible();

    await page.reload();
    await expect(heading(page, "Stark Industries")).toBeVisible();
    // A new visit to the app's root opens the organization used last.
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/orgs/${stark.id}/users$`));
    await expect(switcher(page)).toContainText("Stark Industries");
  });

  test("a deep link opens another organization's users page", async ({ page, partnerApi }) => {
    const umbrella = await orgNamed(partnerApi, "Umbrella");
    const email = await firstMemberEmail(partnerApi, umbrella.id);
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${umbrella.id}/users`);
    await expect(heading(page, "Umbrella")).toBeVisible();
    await expect(switcher(page)).toContainText("Umbrella");
    await expect(page.getByRole("table", { name: "Users" }).getByText(email)).toBeVisible();
    await expect(page.getByRole("link", { name: "Users", exact: true })).toHaveAttribute("aria-current", "page");
  });

  test("an unknown organization in a link says so instead of showing another one", async ({ page }) => {
    await signIn(page, PARTNER);
    await page.goto(`/orgs/00000000-0000-4000-8000-000000000000/users`);
    await expect(page.getByText(/doesn't exist or you don't have access/)).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
  });

  test("search filters the list as you type", async ({ page, partnerApi }) => {
    const acme = await orgNamed(partnerApi, "Acme Corp");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/users`);
    await switcher(page).click();
    const search = page.getByRole("combobox", { name: "Search organizations" });
    await search.fill("stark");
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option")).toHaveCount(1);
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option")).toContainText("Stark Industries");
    await search.fill("initech");
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option", { name: /Initech/ })).toContainText("Locked");
    await search.fill("no such organization zz");
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option")).toHaveCount(0);
    await expect(page.getByText("No organization matches “no such organization zz”.")).toBeVisible();
    // The link to the directory is always there.
    await page.getByRole("link", { name: "All organizations" }).click();
    await expect(page).toHaveURL(/\/orgs$/);
  });

  test("with more organizations than a page, search asks the server and never loads everything", async ({
    page,
    partnerApi,
  }) => {
    const prefix = unique("Bulk");
    await Promise.all(Array.from({ length: 52 }, (_, i) => createOrg(partnerApi, `${prefix} ${String(i).padStart(3, "0")}`)));
    const acme = await orgNamed(partnerApi, "Acme Corp");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/users`);

    const firstLoad = page.waitForRequest((r) => r.url().includes("/api/v1/organizations?") && !r.url().includes("search="));
    await switcher(page).click();
    const url = new URL((await firstLoad).url());
    expect(Number(url.searchParams.get("page_size"))).toBeLessThanOrEqual(100);
    await expect(page.getByText(/more: refine the search/)).toBeVisible();

    const searched = page.waitForRequest((r) => r.url().includes("search="));
    await page.getByRole("combobox", { name: "Search organizations" }).fill(`${prefix} 051`);
    expect(new URL((await searched).url()).searchParams.get("search")).toBe(`${prefix} 051`);
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option")).toHaveCount(1);
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option")).toContainText(`${prefix} 051`);
  });

  test("a slow answer for the previous organization never shows after a switch", async ({ page, partnerApi }) => {
    const acme = await orgNamed(partnerApi, "Acme Corp");
    const globex = await orgNamed(partnerApi, "Globex");
    const acmeEmail = await firstMemberEmail(partnerApi, acme.id);
    const globexEmail = await firstMemberEmail(partnerApi, globex.id);
    let delayed = 0;
    await page.route(`**/api/v1/organizations/${acme.id}/users**`, async (route: Route) => {
      delayed++;
      await new Promise((r) => setTimeout(r, 2500));
      // The app aborted it by now: continuing an aborted request may fail.
      await route.continue().catch(() => {});
    });
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/users`);
    await expect(heading(page, "Acme Corp")).toBeVisible();
    await pickOrg(page, "Globex");
    await expect(page.getByText(globexEmail)).toBeVisible();

    // Past the delay: the late Acme answer must not replace Globex's rows.
    await page.waitForTimeout(3000);
    expect(delayed).toBeGreaterThan(0);
    await expect(page.getByText(globexEmail)).toBeVisible();
    await expect(page.getByText(acmeEmail)).toHaveCount(0);
    await expect(heading(page, "Globex")).toBeVisible();
  });

  test("the switcher, open, has no serious accessibility violations", async ({ page, partnerApi }) => {
    const acme = await orgNamed(partnerApi, "Acme Corp");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${acme.id}/users`);
    await switcher(page).click();
    await expect(page.getByRole("listbox", { name: "Organizations" }).getByRole("option").first()).toBeVisible();
    await checkA11y(page);
  });
});

test.describe("organization directory", () => {
  test("filters, search and sort narrow and order the table", async ({ page }) => {
    await signIn(page, PARTNER);
    await page.goto("/orgs");
    const table = page.getByRole("table", { name: "Organizations" });
    await expect(table.getByRole("link", { name: "Acme Corp" })).toBeVisible();

    await page.getByLabel("Status").selectOption("locked");
    await expect(page).toHaveURL(/status=locked/);
    await expect(table.getByRole("link", { name: "Initech" })).toBeVisible();
    await expect(table.getByRole("link", { name: "Acme Corp" })).toHaveCount(0);
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(table.getByRole("link", { name: "Acme Corp" })).toBeVisible();

    await page.getByLabel("Customer ID", { exact: true }).fill("CUST-1002");
    await expect(table.getByRole("link", { name: "Globex" })).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(2);
    await page.getByRole("button", { name: "Clear filters" }).first().click();

    const created = table.getByRole("columnheader", { name: /Created/ });
    await created.getByRole("button").click();
    await expect(created).toHaveAttribute("aria-sort", "descending");
    await expect(page).toHaveURL(/sort=-created_at/);
    await expect(table.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "none");
    // The view survives a reload.
    await page.reload();
    await expect(page.getByRole("columnheader", { name: /Created/ })).toHaveAttribute("aria-sort", "descending");
  });

  test("creating an organization with one invalid field, corrected", async ({ page }) => {
    const name = unique("Created Org");
    await signIn(page, PARTNER);
    await page.goto("/orgs");
    await page.getByRole("button", { name: "Create organization" }).click();
    const dialog = page.getByRole("dialog", { name: "New organization" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Organization name").fill(name);
    await dialog.getByLabel("Owner email").fill("olive.example.test");
    await dialog.getByLabel("Owner first name").fill("Olive");
    await dialog.getByLabel("Owner last name").fill("Owner");
    await dialog.getByLabel("Customer ID").fill("CUST-E2E");
    await dialog.getByRole("button", { name: "Create organization" }).click();

    const email = dialog.getByLabel("Owner email");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(/@/);
    await expect(email).toBeFocused();
    await expect(dialog.getByLabel("Organization name")).not.toHaveAttribute("aria-invalid", "true");

    await email.fill("olive@example.test");
    await expect(email).not.toHaveAttribute("aria-invalid", "true");
    await dialog.getByRole("button", { name: "Create organization" }).click();
    await expect(dialog).toBeHidden();
    await expect(heading(page, name)).toBeVisible();
    await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("status").filter({ hasText: `“${name}” was created.` })).toBeVisible();
    await expect(page.getByLabel("Owner email")).toHaveValue("olive@example.test");
  });

  test("a name with a direction-changing character is explained next to the field", async ({ page }) => {
    // U+202E (right-to-left override) would show "Acme\u202Egro.evil" as "Acmelive.org".
    const name = `Acme\u202E${unique("gro.evil")}`;
    await signIn(page, PARTNER);
    await page.goto("/orgs");
    await page.getByRole("button", { name: "Create organization" }).click();
    const dialog = page.getByRole("dialog", { name: "New organization" });
    await expect(dialog).toBeVisible();
    const field = dialog.getByLabel("Organization name");
    await field.fill(name);
    await dialog.getByLabel("Owner email").fill("olive@example.test");
    await dialog.getByLabel("Owner first name").fill("Olive");
    await dialog.getByLabel("Owner last name").fill("Owner");
    await dialog.getByRole("button", { name: "Create organization" }).click();

    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(
      /Invisible and direction-changing characters aren't allowed here \(found U\+202E\)/,
    );
    await expect(field).toBeFocused();
    await expect(dialog.getByLabel("Owner first name")).not.toHaveAttribute("aria-invalid", "true");

    await field.fill(name.replace("\u202E", " "));
    await expect(field).not.toHaveAttribute("aria-invalid", "true");
    await dialog.getByRole("button", { name: "Create organization" }).click();
    await expect(dialog).toBeHidden();
  });

  test("the directory and the create dialog have no serious accessibility violations", async ({ page }) => {
    await signIn(page, PARTNER);
    await page.goto("/orgs");
    await expect(page.getByRole("link", { name: "Acme Corp" })).toBeVisible();
    await checkA11y(page);
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByRole("dialog")).toBeVisible();
    await checkA11y(page);
  });
});

test.describe("organization details", () => {
  test("editing details; changing the customer ID warns about invoices", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi, unique("Editable Org"));
    const renamed = unique("Renamed Org");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${org.id}`);
    await expect(heading(page, org.name)).toBeVisible();

    await page.getByLabel("Organization name").fill(renamed);
    await page.getByLabel("Phone number").fill("+33 1 23 45 67 89");
    await page.getByLabel("Comment").fill("Signed in person.");
    await expect(page.getByText(/only affects future invoices/)).toHaveCount(0);
    await page.getByLabel("Customer ID").fill("CUST-NEW-1");
    await expect(page.getByText(/only affects future invoices/)).toBeVisible();
    await page.getByRole("button", { name: "Save changes" }).click();

    await expect(page.getByRole("status").filter({ hasText: "Changes saved." })).toBeVisible();
    await expect(heading(page, renamed)).toBeVisible();
    await expect(page.getByText(/only affects future invoices/)).toHaveCount(0);
    await expect(switcher(page)).toContainText(renamed);

    const saved = await (await partnerApi.get(`/api/v1/organizations/${org.id}`)).json();
    expect(saved).toMatchObject({ name: renamed, customer_id: "CUST-NEW-1", comment: "Signed in person." });
    expect(saved.phone_number).toContain("23 45");
    await page.reload();
    await expect(page.getByLabel("Customer ID")).toHaveValue("CUST-NEW-1");
  });

  test("locking shows the banner everywhere and disables writes; unlocking restores them", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi, unique("Lockable Org"));
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${org.id}`);
    await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();

    await page.getByRole("button", { name: "Lock organization…" }).click();
    const dialog = page.getByRole("dialog", { name: `Lock ${org.name}` });
    await dialog.getByRole("button", { name: "Lock organization" }).click();
    await expect(dialog.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("Reason").fill("Contract ended");
    await dialog.getByRole("button", { name: "Lock organization" }).click();
    await expect(dialog).toBeHidden();

    const banner = page.getByRole("status").filter({ hasText: /^Locked by partner on .+: Contract ended$/ });
    await expect(banner).toBeVisible();
    await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
    await expect(page.getByLabel("Organization name")).toBeDisabled();
    await expect(page.getByText("This organization is locked, so it can't be changed.")).toBeVisible();
    await expect(switcher(page)).toContainText("Locked");

    // Everywhere inside the organization.
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/orgs/${org.id}/users$`));
    await expect(banner).toBeVisible();
    await page.getByRole("link", { name: "Details", exact: true }).click();

    await page.getByRole("button", { name: "Unlock organization" }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled();
    await expect(page.getByLabel("Organization name")).toBeEnabled();
    const saved = await (await partnerApi.get(`/api/v1/organizations/${org.id}`)).json();
    expect(saved.status).toBe("active");
  });

  test("transferring ownership: pick a member, confirm naming both, and the users table shows the new owner", async ({ page, partnerApi }) => {
    const org = await createOrg(partnerApi, unique("Transfer Org"));
    // Nora joins through an invitation she accepts.
    const nora = `nora.new.${Date.now()}@example.test`;
    const invited = await partnerApi.post(`/api/v1/organizations/${org.id}/invitations`, {
      data: { emails: [nora], permissions: ["view_members"] },
    });
    expect(invited.status(), await invited.text()).toBe(200);
    const invitation = (await invited.json()).results[0].invitation;
    const noraApi = await request.newContext({
      baseURL: serverUrl(),
      extraHTTPHeaders: { Authorization: `Bearer ${await tokenFor(nora, "Nora New")}` },
    });
    const accepted = await noraApi.post(`/api/v1/me/invitations/${invitation.id}/accept`);
    expect(accepted.status(), await accepted.text()).toBe(200);
    await noraApi.dispose();

    await signIn(page, PARTNER);
    await page.goto(`/orgs/${org.id}`);
    await expect(heading(page, org.name)).toBeVisible({ timeout: 20_000 });
    // The owner email is not a way to change the owner.
    await expect(page.getByLabel("Owner email")).toBeDisabled();
    await expect(page.getByText(/Olive Owner \(owner\..+\) owns this organization\./)).toBeVisible();

    const opener = page.getByRole("button", { name: "Transfer ownership…" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: `Transfer ownership of ${org.name}` });
    await dialog.getByRole("searchbox", { name: "Find a member" }).fill("nora");
    await dialog.getByRole("radio", { name: /Nora New/ }).check();
    await checkA11y(page);
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(
      dialog.getByText(`Nora New will become the owner of ${org.name} instead of Olive Owner. Olive Owner stays a member and keeps their permissions.`),
    ).toBeVisible();
    // Back keeps the choice; the confirmation takes the keyboard.
    await dialog.getByRole("button", { name: "Back" }).click();
    await expect(dialog.getByRole("radio", { name: /Nora New/ })).toBeChecked();
    await dialog.getByRole("button", { name: "Continue" }).click();
    const confirm = dialog.getByRole("button", { name: "Transfer ownership" });
    await expect(confirm).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `Nora New now owns ${org.name}.` })).toBeVisible();
    await expect(opener).toBeFocused();
    await expect(page.getByLabel("Owner email")).toHaveValue(nora);

    await page.getByRole("link", { name: "Users", exact: true }).click();
    const users = page.getByRole("table", { name: "Users" });
    await expect(users.getByRole("checkbox", { name: /Nora New owns the organization/ })).toBeDisabled();
    await expect(users.getByRole("checkbox", { name: "Select Olive Owner" })).toBeEnabled();
    const saved = await (await partnerApi.get(`/api/v1/organizations/${org.id}`)).json();
    expect(saved).toMatchObject({ email: nora, owner_firstname: "Nora", owner_lastname: "New" });
  });

  test("the details page of a locked organization has no serious accessibility violations", async ({ page, partnerApi }) => {
    const initech = await orgNamed(partnerApi, "Initech");
    await signIn(page, PARTNER);
    await page.goto(`/orgs/${initech.id}`);
    await expect(page.getByText(/Locked by partner on/)).toBeVisible();
    await checkA11y(page);
  });
});

test.describe("app frame", () => {
  test("the router works under a configured base path", async ({ page, partnerApi }) => {
    const globex = await orgNamed(partnerApi, "Globex");
    // The same build, configured to live under /console (as inside a host console).
    await page.route("**/console/**", async (route) => {
      if (route.request().resourceType() !== "document") return route.continue();
      const response = await route.fetch();
      const html = (await response.text()).replace('data-base-path=""', 'data-base-path="/console"');
      await route.fulfill({ response, body: html });
    });
    await signIn(page, PARTNER);
    // Other tests create organizations: search, so that Globex is on the first page.
    await page.goto("/console/orgs?q=Globex");
    await expect(page.getByRole("searchbox", { name: /Search/ })).toHaveValue("Globex");
    const link = page.getByRole("table", { name: "Organizations" }).getByRole("link", { name: "Globex" });
    await expect(link).toHaveAttribute("href", `/console/orgs/${globex.id}`);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`/console/orgs/${globex.id}$`));
    await expect(heading(page, "Globex")).toBeVisible();
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/console/orgs/${globex.id}/users$`));
  });

  test("an unknown address shows the not-found page", async ({ page }) => {
    await signIn(page, PARTNER);
    await page.goto("/no/such/page");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Go to the organizations" }).click();
    await expect(page).toHaveURL(/\/orgs$/);
  });

  test("the top bar shows the signed-in user, the invitations bell and signs out", async ({ page }) => {
    await signIn(page, "sam@roster.demo");
    await page.goto("/orgs");
    const banner = page.getByRole("banner");
    await expect(banner.getByText("Sam Member")).toBeVisible();
    // Sam has one pending invitation (to Globex) in the demo data, unless a
    // test moved the server's clock past its expiry: ask the server.
    const sam = await apiAs("sam@roster.demo");
    const count: number = (await (await sam.get("/api/v1/me")).json()).pending_invitation_count;
    await sam.dispose();
    const bell = count === 0 ? "Invitations: none waiting" : `Invitations: ${count} waiting for you`;
    await expect(banner.getByRole("button", { name: count === 1 ? "Invitations: 1 waiting for you" : bell })).toBeVisible();
    // A member sees only the organizations he belongs to, and cannot create one.
    await expect(page.getByRole("table", { name: "Organizations" }).getByRole("link", { name: "Acme Corp" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Organizations" }).getByRole("link", { name: "Globex" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create organization" })).toHaveCount(0);

    // Out of reach, the server cannot end the cookie session: the app says
    // so and stays signed in rather than seem signed out.
    await page.route("**/api/v1/auth/sign-out", (route) => route.abort());
    await banner.getByRole("button", { name: "Sign out" }).click();
    const error = page.getByRole("alert").filter({ hasText: /\S/ });
    await expect(error).toBeVisible();
    await expect(banner.getByText("Sam Member")).toBeVisible();
    await page.unroute("**/api/v1/auth/sign-out");
    await error.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
    // The server ended the session and removed its cookie.
    expect((await page.context().cookies()).find((c) => c.name === "roster_session")).toBeUndefined();
  });

  test("signing in from the sign-in screen with a demo account", async ({ page }) => {
    await page.goto("/orgs");
    await page.getByRole("button", { name: "Sign in as Paula Partner" }).click();
    await expect(page.getByRole("banner").getByText("Paula Partner")).toBeVisible();
    // The address asked for before signing in is kept.
    await expect(page).toHaveURL(/\/orgs$/);
    await page.getByRole("searchbox", { name: /Search/ }).fill("Initech");
    await expect(page.getByRole("table", { name: "Organizations" }).getByRole("link", { name: "Initech" })).toBeVisible();
    // The session is an HttpOnly cookie, out of reach of scripts; nothing in localStorage.
    const cookie = (await page.context().cookies()).find((c) => c.name === "roster_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(await page.evaluate(() => document.cookie)).not.toContain("roster_session");
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("token")))).toEqual([]);
  });
});
