import { expect, test } from "@playwright/test";
import { PACKAGE_COUNT } from "./helpers";

test.use({ javaScriptEnabled: false });

test("dashboard is complete without JavaScript", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator(".cards > li")).toHaveCount(PACKAGE_COUNT);
  await expect(page.getByRole("heading", { name: "Auf einen Blick" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Nächste Termine" })).toBeVisible();
  // A public page is plain HTML: no island, no bundle to load.
  await expect(page.locator("[data-island]")).toHaveCount(0);
  await expect(page.locator('script[type="module"], script[src], link[rel="modulepreload"]')).toHaveCount(0);
  // No loading placeholder left behind.
  await expect(page.getByText("wird geladen")).toHaveCount(0);
});

test("every package page is complete without JavaScript", async ({ page }) => {
  for (let nr = 1; nr <= PACKAGE_COUNT; nr++) {
    const response = await page.goto(`/potsdam-ag-auslaenderbehoerde/pakete/${nr}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Paket ${nr}`);
    const rows = page.locator("table.milestones tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByText("wird geladen")).toHaveCount(0);
  }
});

test("links work as plain page loads without JavaScript", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await page.locator(".cards > li").nth(4).getByRole("link").click();
  await expect(page).toHaveURL(/\/pakete\/5$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Aufenthaltstitel");
});
