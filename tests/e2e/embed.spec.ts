import { test, expect, tokenFor, unique, checkA11y, injectAxe, serverUrl, PARTNER, MEMBER } from "./fixtures";
import { request, type APIRequestContext, type Page } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

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
  // The table's scroll area is a named region a keyboard can reach and scroll.
  const scroller = members(page).getByRole("region", { name: "Users", exact: true }).last();
  await expect(scroller).toHaveAttribute("tabindex", "0");
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await scroller.focus();
  await expect(scroller).toBeFocused();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const violations = await axeViolations(page, (rule) => rule === "scrollable-region-focusable");
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await checkA11y(page);

  // The add-user panel fits too.
  await members(page).getByRole("button", { name: "+ Add users" }).click();
  const panel = page.getByRole("dialog", { name: /^Add users to/ });
  await expect(panel.getByLabel("Email addresses", { exact: true })).toBeVisible();
  const panelBox = await panel.boundingBox();
  expect(panelBox!.x).toBeGreaterThanOrEqual(0);
  expect(panelBox!.x + panelBox!.width).toBeLessThanOrEqual(360);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await checkA11y(page);
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

// ---------------------------------------------------------------------------
// Ids, keyboard access, unmount hygiene, events, theming, screenshots, the
// README's example on another origin.

/** Every axe violation, whatever its impact, whose rule is in `rules` (or all). */
async function axeViolations(page: Page, rules?: (id: string) => boolean) {
  await injectAxe(page);
  const violations: { id: string; impact: string; targets: string[] }[] = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
  });
  return violations.filter((v) => !rules || rules(v.id));
}

/** Ids that more than one element of the document carries. */
const duplicateIds = (page: Page) =>
  page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });

test("two widgets of the same screen on one page share no element id", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Same");
  const token = await tokenFor(PARTNER);
  await openHost(page);
  const left = await mountInNewElement(page, { token, organizationId: org.id, view: "users" });
  const right = await mountInNewElement(page, { token, organizationId: org.id, view: "users" });
  for (const id of [left, right]) {
    await expect(page.locator(`#${id}`).getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  }
  expect(await page.evaluate(() => document.querySelectorAll(".roster [id]").length)).toBeGreaterThan(10);
  expect(await duplicateIds(page)).toEqual([]);
  // Each widget's section is named by its own heading.
  for (const id of [left, right]) {
    await expect(page.locator(`#${id}`).getByRole("region", { name: "Users" }).first()).toBeVisible();
  }
  const violations = await axeViolations(page, (rule) => rule.startsWith("duplicate-id") || rule.startsWith("aria-"));
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await checkA11y(page);
});

/** The listeners on window and on document, as "target:type" strings (Chrome DevTools Protocol). */
async function globalListeners(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const out: string[] = [];
  for (const target of ["window", "document"]) {
    const { result } = await cdp.send("Runtime.evaluate", { expression: target });
    const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId! });
    out.push(...listeners.map((l) => `${target}:${l.type}`));
  }
  await cdp.detach();
  return out.sort();
}

/**
 * Wraps the page's timer functions before any script runs: each timer records
 * whether the app's module (roster-<hash>.js, the wasm's glue) created it,
 * when it fired, and whether it was cleared.
 */
const TIMER_PROBE = () => {
  type Timer = { id: number; roster: boolean; kind: string; fired: number[]; cleared: boolean };
  const timers = new Map<number, Timer>();
  (window as any).__timers = timers;
  const fromRoster = () => /\/roster-(?!embed)[^/]*\.js/.test(new Error().stack ?? "");
  for (const kind of ["setTimeout", "setInterval"] as const) {
    const original = window[kind].bind(window);
    (window as any)[kind] = (fn: TimerHandler, delay?: number, ...args: unknown[]) => {
      const timer: Timer = { id: 0, roster: fromRoster(), kind, fired: [], cleared: false };
      const wrapped = (...a: unknown[]) => {
        timer.fired.push(performance.now());
        return typeof fn === "function" ? fn(...a) : undefined;
      };
      timer.id = original(wrapped, delay, ...args);
      timers.set(timer.id, timer);
      return timer.id;
    };
  }
  for (const kind of ["clearTimeout", "clearInterval"] as const) {
    const original = window[kind].bind(window);
    (window as any)[kind] = (id?: number) => {
      const timer = id === undefined ? undefined : timers.get(id);
      if (timer) timer.cleared = true;
      return original(id);
    };
  }
};

test("unmount leaves no listener on window or document and no timer of Roster running", async ({
  page,
  partnerApi,
}) => {
  test.setTimeout(60_000);
  const org = await createOrg(partnerApi, "Embed Hygiene");
  const email = `hygiene.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@embed.example`;
  const invited = await partnerApi.post(`/api/v1/organizations/${org.id}/invitations`, {
    headers: { "Idempotency-Key": unique("key").replace(/\s/g, "-") },
    data: { emails: [email] },
  });
  expect(invited.status(), await invited.text()).toBe(200);
  const invitationId = (await invited.json()).results[0].invitation.id;
  const [adminToken, inviteeToken] = [await tokenFor(PARTNER), await tokenFor(email, "Hana Hygiene")];

  await page.addInitScript(TIMER_PROBE);
  await openHost(page);
  const before = await globalListeners(page);

  const users = await mountInNewElement(page, { token: adminToken, organizationId: org.id, view: "users" });
  const mineId = await mountInNewElement(page, { token: inviteeToken, view: "my-invitations" });
  await page.evaluate((id) => {
    const el = document.getElementById(id)!;
    (window as any).accepted = new Promise((resolve) =>
      el.addEventListener("roster:invitation-accepted", (e: any) => resolve(e.detail)),
    );
  }, mineId);
  // The whole app too: its route layer and its bell listen on window.
  const app = await mountInNewElement(page, {
    token: adminToken,
    organizationId: org.id,
    view: "app",
    basePath: "/host/index.html",
  });
  const usersWidget = page.locator(`#${users}`);
  await expect(usersWidget.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  await expect(page.locator(`#${app}`).getByRole("table", { name: "Users" })).toContainText(org.email);
  expect((await globalListeners(page)).length).toBeGreaterThan(before.length); // the probe sees them
  // A search being typed (its debounce timer) and a CSV download (its clean-up timer).
  await usersWidget.getByRole("searchbox", { name: "Search by name or email" }).fill("ol");
  const download = page.waitForEvent("download");
  await usersWidget.getByRole("button", { name: /Export/ }).click();
  await download;
  // Accepting shows a toast that goes away by itself, after 6 s.
  const mine = page.locator(`#${mineId}`);
  await mine.getByRole("button", { name: "Accept" }).click();
  await expect(mine.getByText(`You joined “${org.name}”.`)).toBeVisible();
  expect(await page.evaluate(() => (window as any).accepted)).toEqual({
    invitationId,
    organizationId: org.id,
    organizationName: org.name,
  });
  const during = await page.evaluate(() => [...(window as any).__timers.values()].filter((t: any) => t.roster).length);
  expect(during).toBeGreaterThan(0); // the probe sees the app's timers

  let unmounted = false;
  const requestsAfter: string[] = [];
  page.on("request", (r) => {
    if (unmounted && r.url().includes("/api/")) requestsAfter.push(r.url());
  });
  const unmountedAt = await page.evaluate(
    (ids) => {
      for (const id of ids) (window as any)[id].unmount();
      return performance.now();
    },
    [users, mineId, app],
  );
  unmounted = true;
  await expect(page.locator(`#${app}`)).toBeEmpty();
  await expect(usersWidget).toBeEmpty();
  await expect(mine).toBeEmpty();
  // What the widgets listened to: had a listener survived, it would ask the API again.
  await page.evaluate(() => {
    window.dispatchEvent(new Event("focus"));
    document.dispatchEvent(new Event("visibilitychange"));
    window.dispatchEvent(new PopStateEvent("popstate"));
  });
  await page.waitForTimeout(7_000); // past the toast's 6 s
  const leftovers = await page.evaluate((t0) => {
    return [...(window as any).__timers.values()]
      .filter((t: any) => t.roster)
      .filter((t: any) => t.fired.some((at: number) => at > t0) || (!t.cleared && t.fired.length === 0) || (t.kind === "setInterval" && !t.cleared))
      .map((t: any) => ({ kind: t.kind, fired: t.fired.length, cleared: t.cleared }));
  }, unmountedAt);
  expect(leftovers).toEqual([]);
  expect(await globalListeners(page)).toEqual(before);
  expect(requestsAfter).toEqual([]); // nothing asks the API for a widget that is gone
});

/** Invites a fresh address to `org` through the API; answers it with the invitation and its emailed link's token. */
async function inviteFresh(api: APIRequestContext, org: Org, who: string) {
  const email = `${who}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@embed.example`;
  const response = await api.post(`/api/v1/organizations/${org.id}/invitations`, {
    headers: { "Idempotency-Key": unique("key").replace(/\s/g, "-") },
    data: { emails: [email], permissions: ["view_members"] },
  });
  expect(response.status(), await response.text()).toBe(200);
  const invitation = (await response.json()).results[0].invitation;
  expect(invitation.link).toContain("token=");
  return { email, id: invitation.id as string, token: new URL(invitation.link).searchParams.get("token")! };
}

test("accepting through an emailed link inside the app view sends roster:invitation-accepted", async ({
  page,
  partnerApi,
}) => {
  const org = await createOrg(partnerApi, "Embed Link");
  const invitation = await inviteFresh(partnerApi, org, "linked");
  const token = await tokenFor(invitation.email, "Lin Linked");
  await openHost(page);
  // The host routes its /host/index.html/… paths to the widget: the emailed link, under basePath.
  await page.evaluate((t) => history.pushState(null, "", `/host/index.html/invitations/accept?token=${t}`), invitation.token);
  await page.evaluate(
    async ({ token }) => {
      const el = document.createElement("div");
      el.id = "app-widget";
      document.body.append(el);
      (window as any).accepted = new Promise((resolve) =>
        el.addEventListener("roster:invitation-accepted", (e: any) => resolve(e.detail)),
      );
      const host = (window as any).consoleHost;
      (window as any).app = await host.Roster.mount(el, { apiBase: host.apiBase, token, view: "app", basePath: "/host/index.html" });
    },
    { token },
  );
  const widget = page.locator("#app-widget");
  await expect(widget.getByText(`Paula Partner invited you to join ${org.name}`)).toBeVisible(FIRST_LOAD);
  await widget.getByRole("button", { name: "Accept" }).click();
  // The same detail as an acceptance from "my invitations".
  expect(await page.evaluate(() => (window as any).accepted)).toEqual({
    invitationId: invitation.id,
    organizationId: org.id,
    organizationName: org.name,
  });
  await expect(page).toHaveURL(new RegExp(`/host/index.html/orgs/${org.id}/users`));
});

test("removing a member sends roster:member-removed; a failing request sends roster:error", async ({
  page,
  partnerApi,
}) => {
  const org = await createOrg(partnerApi, "Embed Remove");
  const invitation = await inviteFresh(partnerApi, org, "leaver");
  const memberToken = await tokenFor(invitation.email, "Lee Leaver");
  const member = await (await request.newContext({ baseURL: serverUrl(), extraHTTPHeaders: { Authorization: `Bearer ${memberToken}` } }))
    .post(`/api/v1/me/invitations/${invitation.id}/accept`);
  expect(member.status(), await member.text()).toBe(200);
  const members = await (await partnerApi.get(`/api/v1/organizations/${org.id}/users?search=leaver`)).json();
  const userId = members.items[0].id;

  const token = await tokenFor(PARTNER);
  await openHost(page);
  const id = await mountInNewElement(page, { token, organizationId: org.id, view: "users" });
  await page.evaluate((id) => {
    const el = document.getElementById(id)!;
    (window as any).removed = new Promise((resolve) => el.addEventListener("roster:member-removed", (e: any) => resolve(e.detail)));
  }, id);
  const widget = page.locator(`#${id}`);
  await expect(widget.getByRole("table", { name: "Users" })).toContainText("Lee Leaver", FIRST_LOAD);
  await widget.getByRole("checkbox", { name: /Lee Leaver/ }).check();
  await widget.getByRole("button", { name: "Remove…" }).click();
  await page.getByRole("dialog", { name: "Remove 1 user?" }).getByRole("button", { name: "Remove", exact: true }).click();
  expect(await page.evaluate(() => (window as any).removed)).toEqual({ organizationId: org.id, userIds: [userId] });
  await expect(widget.getByRole("table", { name: "Users" })).not.toContainText("Lee Leaver");

  // An organization that does not exist (or is not the signed-in person's).
  const missing = "00000000-0000-4000-8000-000000000000";
  await page.evaluate((id) => {
    const el = document.getElementById(id)!;
    (window as any).failed = new Promise((resolve) => el.addEventListener("roster:error", (e: any) => resolve(e.detail)));
  }, id);
  await page.evaluate(({ id, missing }) => (window as any)[id].setOrganization(missing), { id, missing });
  expect(await page.evaluate(() => (window as any).failed)).toMatchObject({ kind: "not_found", status: 404 });
});

test("the theme option, and auto following prefers-color-scheme", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Theme");
  const token = await tokenFor(PARTNER);
  await page.emulateMedia({ colorScheme: "dark" });
  await openHost(page);
  const ids: Record<string, string> = {};
  for (const theme of ["auto", "light", "dark"]) {
    ids[theme] = await mountInNewElement(page, { token, organizationId: org.id, view: "users", theme });
    await expect(page.locator(`#${ids[theme]}`).getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  }
  // No theme given is "auto".
  ids.none = await mountInNewElement(page, { token, organizationId: org.id, view: "users" });
  await expect(page.locator(`#${ids.none}`).getByRole("table", { name: "Users" })).toContainText(org.email);
  const background = (theme: string) =>
    page.locator(`#${ids[theme]} > .roster`).evaluate((el) => getComputedStyle(el).backgroundColor);
  const DARK = "rgb(15, 19, 32)";
  expect(await background("auto")).toBe(DARK);
  expect(await background("none")).toBe(DARK);
  expect(await background("dark")).toBe(DARK);
  expect(await background("light")).not.toBe(DARK);
  const light = await background("light");

  await page.emulateMedia({ colorScheme: "light" });
  expect(await background("auto")).toBe(light);
  expect(await background("none")).toBe(light);
  expect(await background("dark")).toBe(DARK); // the host's choice wins over the system's
  await checkA11y(page);

  // A value that is not a theme is refused.
  const message = await page.evaluate(async (id) => {
    const host = (window as any).consoleHost;
    const el = document.createElement("div");
    document.body.append(el);
    try {
      await host.Roster.mount(el, { apiBase: host.apiBase, view: "users", organizationId: id, theme: "blue" });
      return "mounted";
    } catch (e: any) {
      return `${e.name}: ${e.message}`;
    }
  }, org.id);
  expect(message).toBe('TypeError: Roster.mount: theme must be "light", "dark" or "auto"');
});

test("the README's quick start works as written on a blank page of another origin", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi, "Embed Readme");
  const readme = readFileSync(resolve("README.md"), "utf8");
  const quickStart = readme.slice(readme.indexOf("### Quick start"));
  const html = quickStart.match(/```html\n([\s\S]*?)```/)![1];
  // Only the documented placeholders change: where Roster is served, and the organization.
  const PLACEHOLDER_ORG = "6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10";
  expect(html).toContain("https://roster.example/roster-embed.js");
  expect(html).toContain(PLACEHOLDER_ORG);
  const page_html = html.replaceAll("https://roster.example", serverUrl()).replaceAll(PLACEHOLDER_ORG, org.id);

  // The console: another origin, its own backend hands out the token.
  const CONSOLE = "https://console.example.test";
  // Roster is on loopback in this test (in production both are public): Chromium
  // lets a public page reach the loopback only from a secure context, with the
  // person's permission (Local Network Access).
  await page.context().grantPermissions(["local-network-access"], { origin: CONSOLE });
  const token = await tokenFor(PARTNER);
  await page.route(`${CONSOLE}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === "/my-console/roster-token" && route.request().method() === "POST") {
      return route.fulfill({ json: { token } });
    }
    if (url.pathname === "/") return route.fulfill({ contentType: "text/html", body: page_html });
    return route.fulfill({ status: 404, body: "not found" });
  });
  const logs: string[] = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => logs.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  const crossOrigin: string[] = [];
  page.on("response", (r) => {
    if (r.url().startsWith(serverUrl())) crossOrigin.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });

  await page.goto(`${CONSOLE}/`);
  await expect(page.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
  await expect(page.getByRole("table", { name: "Users" })).toContainText("Olive Owner");
  await expect.poll(() => logs.some((l) => l.startsWith("log: Roster ready"))).toBe(true);
  expect(logs.filter((l) => l.startsWith("warning: Roster error"))).toEqual([]);
  // Everything came from Roster's origin, across origins: the module, the wasm, the API.
  expect(crossOrigin).toContain("200 /roster-embed.js");
  expect(crossOrigin.some((r) => /^200 \/.*\.wasm$/.test(r))).toBe(true);
  expect(crossOrigin.some((r) => r.startsWith(`200 /api/v1/organizations/${org.id}/users`))).toBe(true);
  expect(await page.evaluate(() => (window as any).roster.mounted)).toBe(true);
});

/** Common global rules of host consoles: a reset, element rules, another box model. */
const HOST_GLOBAL_CSS = `
${readFileSync(resolve("public/host/host.css"), "utf8")}
*, *::before, *::after { box-sizing: content-box; }
html { font: 17px/1.9 Georgia, serif; color: #5a1a00; }
body { margin: 0; font-weight: 300; letter-spacing: 0.02em; word-spacing: 2px; font-variant-numeric: oldstyle-nums slashed-zero; }
h1, h2, h3, h4 { font-size: 26px; font-weight: 300; margin: 0 0 1em; }
p { margin: 0 0 1.2em; }
a { color: #c00; text-decoration: underline dotted; }
img, svg, video { display: block; max-width: 100%; }
label { display: block; font-weight: bold; margin-bottom: 4px; }
button, input, select, textarea { font: italic 15px/2 Georgia, serif; margin: 2px; }
button { background: #ffd84d; border: 3px solid #222; padding: 8px 20px; border-radius: 0; text-transform: uppercase; }
input, select { border: 2px dashed #222; padding: 6px; background: #fff8e0; }
table { width: 80%; border-collapse: separate; border-spacing: 6px; font-size: 20px; }
th, td { padding: 12px; border: 1px solid #c00; text-align: right; vertical-align: bottom; }
ul, ol { margin: 1em; padding-left: 2em; list-style: square; }
`;

test("a host's global stylesheet leaves the widget pixel for pixel as it is on a blank page", async ({
  page,
  partnerApi,
}, testInfo) => {
  const org = await createOrg(partnerApi, "Embed Pixels");
  const token = await tokenFor(PARTNER);
  await page.setViewportSize({ width: 900, height: 800 });
  /** The users widget, 640 px wide at the page's top left, under `css`; its screenshot. */
  const shot = async (name: string, css: string) => {
    const path = `/__embed-shot-${name}.html`;
    const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title><style>${css}</style></head>
<body><div id="widget" style="position:absolute;top:0;left:0;width:640px;margin:0;padding:0;border:0"></div>
<script type="module">
  import { Roster } from "/roster-embed.js";
  window.handle = await Roster.mount(document.getElementById("widget"), ${JSON.stringify({
    apiBase: "/api/v1",
    token,
    organizationId: org.id,
    view: "users",
    theme: "light",
  })});
</script></body></html>`;
    await page.route(`${serverUrl()}${path}`, (route) => route.fulfill({ contentType: "text/html", body }));
    await page.goto(path);
    const root = page.locator("#widget > .roster");
    await expect(root.getByRole("table", { name: "Users" })).toContainText(org.email, FIRST_LOAD);
    await expect(root.getByRole("table", { name: "Users" })).not.toHaveAttribute("aria-busy", "true");
    await page.evaluate(() => document.fonts.ready);
    await page.mouse.move(890, 790);
    const png = await root.screenshot({ animations: "disabled", caret: "hide" });
    const file = testInfo.outputPath(`${name}.png`);
    writeFileSync(file, png);
    await testInfo.attach(`${name}.png`, { path: file, contentType: "image/png" });
    return png;
  };
  // The blank page shows the same backdrop as the host (#eceae4, host.css): the
  // root's rounded corners and its last, partly covered pixel row let it through.
  const plain = await shot("blank-page", "html { background: #eceae4; } body { margin: 0; }");
  const hosted = await shot("host-global-css", HOST_GLOBAL_CSS);
  // Both decoded in the browser, compared pixel by pixel.
  const diff = await page.evaluate(
    async ([a, b]) => {
      const decode = async (b64: string) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext("2d")!;
        ctx.drawImage(bitmap, 0, 0);
        return { width: bitmap.width, height: bitmap.height, data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data };
      };
      const [x, y] = [await decode(a), await decode(b)];
      if (x.width !== y.width || x.height !== y.height) {
        return { size: `${x.width}x${x.height} vs ${y.width}x${y.height}`, pixels: -1, total: 0, where: "sizes differ" };
      }
      let pixels = 0;
      const box = { left: x.width, top: x.height, right: -1, bottom: -1 };
      for (let i = 0; i < x.data.length; i += 4) {
        if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2] || x.data[i + 3] !== y.data[i + 3]) {
          pixels++;
          const [px, py] = [(i / 4) % x.width, Math.floor(i / 4 / x.width)];
          Object.assign(box, { left: Math.min(box.left, px), top: Math.min(box.top, py), right: Math.max(box.right, px), bottom: Math.max(box.bottom, py) });
        }
      }
      const where = pixels ? `differing pixels within x ${box.left}-${box.right}, y ${box.top}-${box.bottom}` : "";
      return { size: `${x.width}x${x.height}`, pixels, total: x.width * x.height, where };
    },
    [plain.toString("base64"), hosted.toString("base64")],
  );
  expect(diff.total).toBeGreaterThan(640 * 200); // a whole widget, not an empty box
  // Exactly the same pixels: same layout, fonts, colors (no tolerance needed, one renderer).
  expect(diff).toEqual({ size: diff.size, pixels: 0, total: diff.total, where: "" });
});

test('the "invitations" view lists the organization\'s invitations; the host\'s --roster-* properties restyle it', async ({
  page,
  partnerApi,
}) => {
  const org = await createOrg(partnerApi, "Embed Invitations");
  const invitation = await inviteFresh(partnerApi, org, "pending");
  const token = await tokenFor(PARTNER);
  await openHost(page);
  const id = await mountInNewElement(page, { token, organizationId: org.id, view: "invitations", theme: "light" });
  const widget = page.locator(`#${id}`);
  await expect(widget.getByRole("table", { name: "Invitations" })).toContainText(invitation.email, FIRST_LOAD);
  await expect(widget.getByRole("table", { name: "Users" })).toHaveCount(0);

  // The host's own values for Roster's custom properties, on a rule matching the root.
  const users = await mountInNewElement(page, { token, organizationId: org.id, view: "users", theme: "light" });
  const add = page.locator(`#${users}`).getByRole("button", { name: "+ Add users" });
  const scroller = page.locator(`#${users}`).getByRole("region", { name: "Users", exact: true }).last();
  await expect(add).toBeVisible();
  const look = async () => ({
    accent: await add.evaluate((el) => getComputedStyle(el).backgroundColor),
    radius: await scroller.evaluate((el) => getComputedStyle(el).borderTopLeftRadius),
  });
  const before = await look();
  expect(before).toEqual({ accent: "rgb(79, 70, 229)", radius: "8px" }); // Roster's defaults
  // A stylesheet file of the host's (the page's policy allows no inline <style>).
  const css = new URL("/__e2e__/host-theme.css", page.url()).href;
  await page.route(css, (route) =>
    route.fulfill({
      contentType: "text/css",
      body: `#${users} .roster { --roster-color-accent: rgb(15, 118, 110); --roster-radius: 2px; }`,
    }),
  );
  await page.evaluate((href) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.append(link);
  }, css);
  // (The button's background has a short transition.)
  await expect.poll(look).toEqual({ accent: "rgb(15, 118, 110)", radius: "2px" });
});
