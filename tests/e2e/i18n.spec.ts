import { test, expect, signIn, tokenFor, unique, checkA11y, PARTNER } from "./fixtures";
import type { APIRequestContext, Browser, Page } from "@playwright/test";

// Languages (issue 7): French end to end in an embedded widget (`locale: "fr"`),
// the standalone app following the browser's language, and its language
// switch. French typography uses no-break spaces (before ":" and inside « »):
// Playwright's text matchers treat them as spaces.

type Org = { id: string; name: string; email: string };

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const address = (who: string) => `${who}.${stamp()}@i18n.example`;

async function createOrg(api: APIRequestContext): Promise<Org> {
  const email = address("owner");
  const response = await api.post("/api/v1/organizations", {
    data: { name: unique("Langues"), email, owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(response.status(), await response.text()).toBe(201);
  return { ...(await response.json()), email };
}

/** The first mount or paint compiles the wasm module: allow for it. */
const LOAD = { timeout: 30_000 };
test.describe.configure({ timeout: 90_000 });

/** A French medium date as `Intl` writes it: `29 nov. 2026`, `3 mai 2027`. */
const FRENCH_DATE = /\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}/;

test("an embedded widget with locale \"fr\" runs the invite flow in French", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi);
  const token = await tokenFor(PARTNER);
  const [first, second] = [address("un"), address("deux")];
  await page.goto("/host/index.html?mount=none");
  await page.waitForFunction(() => (window as any).consoleHost !== undefined);
  const id = await page.evaluate(
    async ({ token, orgId }) => {
      const el = document.createElement("div");
      el.id = "french-widget";
      el.style.width = "760px";
      document.body.append(el);
      const host = (window as any).consoleHost;
      (window as any).handle = await host.Roster.mount(el, {
        apiBase: host.apiBase,
        token,
        organizationId: orgId,
        view: "invite",
        locale: "fr-CA",
      });
      return el.id;
    },
    { token, orgId: org.id },
  );
  const widget = page.locator(`#${id}`);
  const emails = widget.getByLabel("Adresses e-mail", { exact: true });
  await expect(emails).toBeVisible(LOAD);
  // The widget says its language; the host's own <html lang> is left alone.
  await expect(widget.locator(":scope > [lang]")).toHaveAttribute("lang", "fr");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  // French plurals: 0 is singular too (English says "0 addresses").
  await expect(widget.getByRole("status").first()).toHaveText("0 adresse");
  // Nothing typed: the French message next to the field.
  await widget.getByRole("button", { name: "Vérifier et inviter" }).click();
  await expect(widget.getByText("Ajoutez au moins une adresse e-mail.")).toBeVisible();

  // A bad address: the contract's rule, in French, on its chip.
  await emails.fill("pas-une-adresse");
  await emails.press("Enter");
  const badChip = widget.getByRole("listitem").filter({ hasText: "pas-une-adresse" });
  await expect(badChip).toContainText("Il manque « @ »");
  await emails.fill(first);
  await emails.press("Enter");
  await expect(widget.getByRole("status").first()).toHaveText("2 adresses · 1 invalide");
  await widget.getByRole("button", { name: "Retirer pas-une-adresse" }).click();
  await expect(widget.getByRole("status").first()).toHaveText("1 adresse");

  await widget.getByRole("button", { name: "Vérifier et inviter" }).click();
  await expect(widget.getByRole("heading", { name: "Vérification" })).toBeVisible();
  await expect(widget.getByRole("row", { name: new RegExp(first.replace(/\./g, "\\.")) })).toContainText(
    "Recevra une invitation",
  );
  await expect(widget.getByRole("button", { name: "Envoyer 1 invitation" })).toBeVisible();
  await widget.getByRole("button", { name: "Retour" }).click();
  await emails.fill(second);
  await emails.press("Enter");
  await expect(widget.getByRole("status").first()).toHaveText("2 adresses");
  await widget.getByRole("button", { name: "Vérifier et inviter" }).click();
  await expect(widget.getByText("2 invitations à envoyer")).toBeVisible();
  await checkA11y(page, `#${id}`);

  await widget.getByRole("button", { name: "Envoyer 2 invitations" }).click();
  await expect(widget.getByRole("heading", { name: "Invitations envoyées" })).toBeVisible();
  await expect(widget.getByText("Envoyées : 2 · ignorées : 0 · en échec : 0")).toBeVisible();
  // The expiry date, written by Intl for French.
  const row = widget.getByRole("row", { name: new RegExp(second.replace(/\./g, "\\.")) });
  await expect(row).toContainText("Envoyée, en attente jusqu’au");
  await expect(row).toContainText(FRENCH_DATE);
  await checkA11y(page, `#${id}`);

  const sent = await partnerApi.get(`/api/v1/organizations/${org.id}/invitations?page_size=10`);
  expect(((await sent.json()).items as { email: string }[]).map((i) => i.email).sort()).toEqual(
    [first, second].sort(),
  );
});

test("locale \"en-GB\": English texts, British dates", async ({ page, partnerApi }) => {
  const org = await createOrg(partnerApi);
  const token = await tokenFor(PARTNER);
  const one = address("gb");
  await page.goto("/host/index.html?mount=none");
  await page.waitForFunction(() => (window as any).consoleHost !== undefined);
  await page.evaluate(
    async ({ token, orgId }) => {
      const el = document.createElement("div");
      el.id = "british-widget";
      document.body.append(el);
      const host = (window as any).consoleHost;
      await host.Roster.mount(el, { apiBase: host.apiBase, token, organizationId: orgId, view: "invite", locale: "en-GB" });
    },
    { token, orgId: org.id },
  );
  const widget = page.locator("#british-widget");
  const emails = widget.getByLabel("Email addresses", { exact: true });
  await expect(emails).toBeVisible(LOAD);
  await emails.fill(one);
  await emails.press("Enter");
  await widget.getByRole("button", { name: "Review and invite" }).click();
  await widget.getByRole("button", { name: "Send 1 invitation" }).click();
  const row = widget.getByRole("row", { name: new RegExp(one.replace(/\./g, "\\.")) });
  // Day before month, no comma: "29 Nov 2026" (American English writes "Nov 29, 2026").
  await expect(row).toContainText(/Sent, pending until \d{1,2} [A-Z][a-z]{2,3} \d{4}/);
});

async function frenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR" });
  return context.newPage();
}

test("the standalone app follows a French browser, and its switch turns it to English at once, for good", async ({
  browser,
  partnerApi,
}) => {
  const org = await createOrg(partnerApi);
  const page = await frenchPage(browser);
  await signIn(page, PARTNER);
  await page.goto(`/orgs/${org.id}/users`);
  await expect(page.getByRole("button", { name: "+ Ajouter des utilisateurs" })).toBeVisible(LOAD);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  const table = page.getByRole("table", { name: "Utilisateurs" });
  await expect(table).toContainText(org.email);
  await expect(page.getByRole("columnheader", { name: "Membre depuis" })).toBeVisible();
  await checkA11y(page);

  // Something typed: the search lives in the address, so the switch keeps it.
  const search = page.getByLabel("Rechercher par nom ou e-mail");
  await search.fill("olive");
  await expect(page).toHaveURL(/q=olive/);
  const url = page.url();

  await page.getByLabel("Langue").selectOption("en");
  await expect(page.getByRole("button", { name: "+ Add users" })).toBeVisible();
  await expect(page.getByRole("button", { name: "+ Ajouter des utilisateurs" })).toHaveCount(0);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByLabel("Language")).toBeFocused();
  expect(page.url()).toBe(url);
  await expect(page.getByLabel("Search by name or email")).toHaveValue("olive");
  await expect(page.getByRole("table", { name: "Users" })).toContainText(org.email);
  // Still signed in: the top bar still shows the account.
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // The French tree is gone with its listeners: on focus the bell asks /me once, not twice.
  await page.waitForTimeout(500);
  const bellRequests: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/v1/me") bellRequests.push(r.url());
  });
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await page.waitForTimeout(1000);
  expect(bellRequests).toHaveLength(1);

  // The choice outlives a reload (it wins over the browser's French).
  await page.reload();
  await expect(page.getByRole("button", { name: "+ Add users" })).toBeVisible(LOAD);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.context().close();
});

test("the sign-in screen has the switch too, and keeps the address being typed", async ({ browser }) => {
  const page = await frenchPage(browser);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Connexion à Roster" })).toBeVisible(LOAD);
  await page.getByLabel("Adresse e-mail").fill("someone@i18n.example");
  await checkA11y(page);
  await page.getByLabel("Langue").selectOption("en");
  await expect(page.getByRole("heading", { name: "Sign in to Roster" })).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue("someone@i18n.example");
  await page.getByLabel("Language").selectOption("fr");
  await expect(page.getByRole("heading", { name: "Connexion à Roster" })).toBeVisible();
  await page.context().close();
});
