import { test, expect, tokenFor, unique, checkA11y, PARTNER, MEMBER } from "./fixtures";
import type { APIRequestContext, Page } from "@playwright/test";

// Roster embedded in a host page (public/host/, served at /host/index.html):
// the JS mount API, the <roster-widget> element, DOM events, token refresh,
// unmount hygiene, theming under a host's CSS reset, and a 360 px layout.

type Org = { id: string; name: string; email: string };

async function createOrg(api: APIRequestContext, label: string): Promise<Org> {
  const name = unique(label);
  const email = `owner.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@embed.example`;
  const response = await api.post("/api/v1/organizations", {
    data: { name, email, owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = await response.json();
  return { id, name, email };
}

/** The first mount of a page compiles the wasm module: allow for it. */
const FIRST_LOAD = { timeout: 20_000 };

const eventLog = (page: Page) => page.getByRole("list", { name: "Widget events" });
const members = (page: Page) => page.getByRole("region", { name: "Team members" });
const mine = (page: Page) => page.getByRole("region", { name: "Your invitations" }).first();

/** Mounts a widget from the page through the public API into a new element; returns its id. */
async function mountInNewElement(
  page: Page,
  options: Record<string, unknown>,
  width = 700,
  style = "",
): Promise<string> {
  return page.evaluate(
    async ({ options, width, style }) => {
      const el = document.createElement("div");
      el.id = `w-${Math.random().toString(36).slice(2)}`;
      el.style.cssText = style;
      el.style.width = `${width}px`;
      document.body.append(el);
      const host = (window as any).consoleHost;
      const handle = await host.Roster.mount(el, { apiBase: host.apiBase, ...options });
      (window as any)[el.id] = handle;
      return el.id;
    },
    { options, width, style },
  );
}

async function openHost(page: Page, query = "mount=none") {
  await page.goto(`/host/index.html?${query}`);
  await page.waitForFunction(() => (window as any).consoleHost !== undefined);
}

test("the host page embeds the users view and my-invitations side by side, and logs their events", async ({
  page,
  partnerApi,
}) => {
  const org = await createOrg(partnerApi, "Embed Two");
  await page.goto(`/host/index.html?org=${org.id}&invitee=${MEMBER}`);
  await expect(members(page).getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  // The member's seeded invitation to Globex, in the second widget.
  await expect(mine(page).getByRole("heading", { name: "Globex" })).toBeVisible();
  await expect(eventLog(page)).toContainText('[members] roster:ready {"view":"users"');
  await expect(eventLog(page)).toContainText('[invitations] roster:ready {"view":"my-invitations"');
  await expect(eventLog(page)).toContainText(`[members] roster:organization-changed {"organizationId":"${org.id}"`);
  await checkA11y(page);
});

test("setOrganization switches the widget's organization and reports it; the other widget is untouched", async ({
  page,
  partnerApi,
}) => {
  const [a, b] = [await createOrg(partnerApi, "Embed A"), await createOrg(partnerApi, "Embed B")];
  await page.goto(`/host/index.html?org=${a.id}`);
  const table = members(page).getByRole("table", { name: "Users" });
  await expect(table).toContainText(a.email, FIRST_LOAD);
  await expect(mine(page).getByRole("heading", { name: "Your invitations", level: 1 })).toBeVisible();

  // The console's own picker calls handle.setOrganization(id).
  await page.getByLabel("Console organization").selectOption(b.id);
  await expect(table).toContainText(b.email);
  await expect(table).not.toContainText(a.email);
  await expect(eventLog(page)).toContainText(
    `[members] roster:organization-changed {"organizationId":"${b.id}","name":"${b.name}"`,
  );
  await expect(mine(page).getByRole("heading", { name: "Your invitations", level: 1 })).toBeVisible();
});

test("unmount leaves the host's DOM exactly as it was, then a remount works", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Unmount");
  const token = await tokenFor(PARTNER);
  await openHost(page);
  const target = await page.evaluate(() => {
    const el = document.createElement("div");
    el.id = "target";
    document.body.append(el);
    return el.id;
  });
  const before = await page.evaluate(() => document.documentElement.outerHTML);
  await page.evaluate(
    async ({ target, token, id }) => {
      const host = (window as any).consoleHost;
      (window as any).handle = await host.Roster.mount(document.getElementById(target), {
        apiBase: host.apiBase,
        token,
        organizationId: id,
        view: "users",
      });
    },
    { target, token, id: org.id },
  );
  await expect(page.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  expect(await page.evaluate(() => document.querySelectorAll("link[data-roster]").length)).toBeGreaterThan(3);

  await page.evaluate(() => (window as any).handle.unmount());
  expect(await page.evaluate(() => (window as any).handle.mounted)).toBe(false);
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  // A second unmount is harmless; the element can take a new widget.
  await page.evaluate(() => (window as any).handle.unmount());
  await page.evaluate(
    async ({ target, token, id }) => {
      const host = (window as any).consoleHost;
      (window as any).handle = await host.Roster.mount(document.getElementById(target), {
        apiBase: host.apiBase,
        token,
        organizationId: id,
        view: "users",
      });
    },
    { target, token, id: org.id },
  );
  await expect(page.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
});

test("two users widgets of different organizations work independently", async ({ page, partnerApi }) => {
  const [a, b] = [await createOrg(partnerApi, "Embed Left"), await createOrg(partnerApi, "Embed Right")];
  const token = await tokenFor(PARTNER);
  await openHost(page);
  const left = await mountInNewElement(page, { token, organizationId: a.id, view: "users" });
  const right = await mountInNewElement(page, { token, organizationId: b.id, view: "users", theme: "dark" });
  await expect(page.locator(`#${left}`).getByRole("table", { name: "Users" })).toContainText(a.email, FIRST_LOAD);
  await expect(page.locator(`#${right}`).getByRole("table", { name: "Users" })).toContainText(b.email);
  await expect(page.locator(`#${left}`)).not.toContainText(b.email);

  // Unmounting one keeps the other alive and its stylesheets in place.
  await page.evaluate((id) => (window as any)[id].unmount(), left);
  await expect(page.locator(`#${left}`)).toBeEmpty();
  await page.evaluate(({ id, org }) => (window as any)[id].setOrganization(org), { id: right, org: a.id });
  await expect(page.locator(`#${right}`).getByRole("table", { name: "Users" })).toContainText(a.email);
  const background = await page
    .locator(`#${right} > div`)
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).toBe("rgb(15, 19, 32)"); // the dark theme's background
});

test("after a 401 the widget asks getToken for a fresh token and retries", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Refresh");
  await openHost(page);
  const seen401 = page.waitForResponse((r) => r.url().includes(`/organizations/${org.id}`) && r.status() === 401);
  const id = await page.evaluate(async (orgId) => {
    const el = document.createElement("div");
    el.id = "refresh";
    document.body.append(el);
    const host = (window as any).consoleHost;
    (window as any).getTokenCalls = 0;
    (window as any).handle = await host.Roster.mount(el, {
      apiBase: host.apiBase,
      token: "not-a-valid-token",
      getToken: async () => {
        (window as any).getTokenCalls += 1;
        return host.getToken("partner@roster.demo");
      },
      organizationId: orgId,
      view: "users",
    });
    return el.id;
  }, org.id);
  await seen401;
  await expect(page.locator(`#${id}`).getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  // Concurrent 401s share one call.
  expect(await page.evaluate(() => (window as any).getTokenCalls)).toBe(1);
});

test("a token that cannot be refreshed is reported as roster:error", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Expired");
  await openHost(page);
  const detail = await page.evaluate(async (orgId) => {
    const el = document.createElement("div");
    document.body.append(el);
    const host = (window as any).consoleHost;
    const error = new Promise((resolve) => el.addEventListener("roster:error", (e: any) => resolve(e.detail), { once: true }));
    await host.Roster.mount(el, { apiBase: host.apiBase, token: "expired", organizationId: orgId, view: "users" });
    return error;
  }, org.id);
  expect(detail).toMatchObject({ kind: "unauthorized", status: 401 });
  await expect(page.getByText("Your session has ended. Please sign in again.").first()).toBeVisible();
});

test("the <roster-widget> element mounts when connected and cleans up when removed", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Element");
  const token = await tokenFor(PARTNER);
  await openHost(page);
  await page.evaluate(
    ({ token, id }) => {
      const el = document.createElement("roster-widget");
      el.setAttribute("api-base", (window as any).consoleHost.apiBase);
      el.setAttribute("token", token);
      el.setAttribute("organization-id", id);
      el.setAttribute("view", "users");
      el.setAttribute("theme", "light");
      el.addEventListener("roster:ready", () => el.setAttribute("data-ready", ""));
      document.body.append(el);
    },
    { token, id: org.id },
  );
  await expect(page.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  await expect(page.locator("roster-widget[data-ready]")).toHaveCount(1);
  await page.evaluate(() => document.querySelector("roster-widget")!.remove());
  await expect.poll(() => page.evaluate(() => document.querySelectorAll("link[data-roster]").length)).toBe(0);
  await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
});

test("a bad option is rejected with a TypeError naming it", async ({ page }) => {
  await openHost(page);
  const message = await page.evaluate(async () => {
    const host = (window as any).consoleHost;
    const el = document.createElement("div");
    document.body.append(el);
    try {
      await host.Roster.mount(el, { apiBase: host.apiBase, view: "users" });
      return "mounted";
    } catch (e: any) {
      return `${e.name}: ${e.message}`;
    }
  });
  expect(message).toBe("TypeError: Roster.mount: the users view needs an organizationId");
});

test("the host's global CSS reset does not change the widget", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Reset");
  const token = await tokenFor(PARTNER);
  await openHost(page);
  // Pinned at the top of the page, over the console: the console's own layout
  // changes without its CSS, the widget must not.
  const id = await mountInNewElement(
    page,
    { token, organizationId: org.id, view: "users", theme: "light" },
    640,
    "position: absolute; top: 0; left: 0; z-index: 10",
  );
  const widget = page.locator(`#${id}`);
  await expect(widget.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  await page.mouse.move(0, 0);
  // Every element's computed style, then the same without the console's CSS.
  const styles = () =>
    widget.evaluate((root) => {
      const props = ["display", "position", "box-sizing", "width", "height", "margin", "padding", "border",
        "border-radius", "font", "color", "background-color", "text-align", "text-transform", "list-style-type",
        "border-collapse", "line-height", "letter-spacing"];
      return [...root.querySelectorAll("*")].map((el, i) => {
        const cs = getComputedStyle(el);
        return `${i} ${el.tagName} ${props.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(";")}`;
      });
    });
  const withHostCss = await styles();
  await page.evaluate(() => {
    (document.querySelector('link[href="host.css"]') as HTMLLinkElement).disabled = true;
  });
  const withoutHostCss = await styles();
  expect(withHostCss.length).toBeGreaterThan(50);
  expect(withHostCss.filter((s, i) => s !== withoutHostCss[i])).toEqual([]);
});

test("the host page works at 360 px wide", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Narrow");
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto(`/host/index.html?org=${org.id}`);
  await expect(members(page).getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  await expect(mine(page).getByRole("heading", { name: "Your invitations", level: 1 })).toBeVisible();
  // Nothing sticks out of the page: the table scrolls inside the widget.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const box = await members(page).getByRole("heading", { name: "Users" }).boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
});

test('the "app" view runs the whole app under basePath and follows setOrganization', async ({ page, partnerApi }) => {
  const [a, b] = [await createOrg(partnerApi, "Embed App A"), await createOrg(partnerApi, "Embed App B")];
  const token = await tokenFor(PARTNER);
  await openHost(page);
  await page.evaluate(
    async ({ token, id }) => {
      const el = document.createElement("div");
      document.body.append(el);
      const host = (window as any).consoleHost;
      (window as any).app = await host.Roster.mount(el, {
        apiBase: host.apiBase,
        token,
        organizationId: id,
        view: "app",
        basePath: "/host/index.html",
      });
    },
    { token, id: a.id },
  );
  await expect(page).toHaveURL(new RegExp(`/host/index.html/orgs/${a.id}/users`), FIRST_LOAD);
  await expect(page.getByRole("table", { name: "Users" })).toContainText(a.email);
  await page.evaluate((id) => (window as any).app.setOrganization(id), b.id);
  await expect(page).toHaveURL(new RegExp(`/host/index.html/orgs/${b.id}/users`));
  await expect(page.getByRole("table", { name: "Users" })).toContainText(b.email);
});

test("the host vetoes roster:before-invite: nothing is sent and the widget says why", async ({
  page,
  partnerApi,
}) => {
  const org = await createOrg(partnerApi, "Embed Invite");
  const address = `${unique("seat").replace(/\W+/g, ".")}@embed.example`.toLowerCase();
  await page.goto(`/host/index.html?org=${org.id}`);
  const widget = members(page);
  await expect(widget.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  await page.getByLabel("Seat limit reached (veto invitations)").check();

  const panel = page.getByRole("dialog", { name: /^Add users to/ });
  await widget.getByRole("button", { name: "+ Add users" }).click();
  await panel.getByLabel("Email addresses", { exact: true }).fill(address);
  await panel.getByLabel("Email addresses", { exact: true }).press("Enter");
  await panel.getByRole("button", { name: "Review and invite" }).click();
  await panel.getByRole("button", { name: "Send 1 invitation" }).click();
  await expect(panel.getByRole("alert")).toHaveText("These invitations were not sent: your console did not allow them.");
  await expect(eventLog(page)).toContainText(`roster:before-invite (vetoed) {"organizationId":"${org.id}","emails":["${address}"]}`);
  const sent = await partnerApi.get(`/api/v1/organizations/${org.id}/invitations`);
  expect((await sent.json()).total_count).toBe(0);

});

test('the "invite" view sends invitations and the host receives roster:invitations-sent', async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Invite View");
  const token = await tokenFor(PARTNER);
  const address = `${unique("invitee").replace(/\W+/g, ".")}@embed.example`.toLowerCase();
  await openHost(page);
  const id = await mountInNewElement(page, { token, organizationId: org.id, view: "invite" });
  await page.evaluate((id) => {
    const el = document.getElementById(id)!;
    (window as any).sent = new Promise((resolve) => el.addEventListener("roster:invitations-sent", (e: any) => resolve(e.detail)));
  }, id);
  const widget = page.locator(`#${id}`);
  const emails = widget.getByLabel("Email addresses", { exact: true });
  await expect(emails).toBeVisible(FIRST_LOAD);
  await emails.fill(address);
  await emails.press("Enter");
  await widget.getByRole("button", { name: "Review and invite" }).click();
  await widget.getByRole("button", { name: "Send 1 invitation" }).click();
  await expect(widget.getByRole("heading", { name: "Invitations sent" })).toBeVisible();
  const detail = await page.evaluate(() => (window as any).sent);
  expect(detail).toMatchObject({ organizationId: org.id, results: [{ email: address, outcome: "invited" }] });
  // Done starts a fresh form.
  await widget.getByRole("button", { name: "Done" }).click();
  await expect(widget.getByLabel("Email addresses", { exact: true })).toBeVisible();
});
