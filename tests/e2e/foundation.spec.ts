import { test, expect, signIn, unique, useSession, serverUrl, PARTNER } from "./fixtures";

// Issue 2: the pipeline end to end. The app, built in release, loads in
// Chromium, signs in and lists organizations read from the server's database.

test("the app lists organizations that come from the server's database", async ({ page, partnerApi }) => {
  // An organization created just now cannot be in any static file.
  const name = unique("Pipeline Org");
  const created = await partnerApi.post("/api/v1/organizations", {
    data: { name, email: "owner@pipeline.example", owner_firstname: "Olive", owner_lastname: "Owner" },
  });
  expect(created.status(), await created.text()).toBe(201);

  await signIn(page, PARTNER);
  await page.goto("/orgs");
  await expect(page.getByText("Paula Partner").first()).toBeVisible();
  await expect(page.getByText("Acme Corp").first()).toBeVisible();
  await page.getByRole("searchbox", { name: /search/i }).first().fill(name);
  await expect(page.getByRole("link", { name }).first()).toBeVisible();
});

test("an unknown token lands on the sign-in screen with the demo accounts", async ({ page }) => {
  await useSession(page.context(), serverUrl(), "not-a-real-token");
  await page.goto("/orgs");
  await expect(page.getByRole("heading", { name: /sign in/i })).toBeVisible();
  await expect(page.getByText(PARTNER)).toBeVisible();
});
