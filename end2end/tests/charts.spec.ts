import { expect, test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// The charts in their pages: an image with a name and a description, as wide as the
// screen allows, its file linked, also after client-side navigation.
const pages = [
  { path: "/potsdam-ag-auslaenderbehoerde/zeitplan", name: /Zeitplan aller Maßnahmenpakete/ },
  { path: "/potsdam-ag-auslaenderbehoerde", name: /Fortschritt: erledigte Meilensteine/ },
  { path: "/potsdam-ag-auslaenderbehoerde/pakete/1", name: /Zeitplan von Paket 1/ },
];

for (const { path, name } of pages) {
  test(`chart on ${path} is a named image that fits a phone`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(path);
    await waitForHydration(page);
    const chart = page.getByRole("img", { name });
    await expect(chart).toBeVisible();
    const box = await chart.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.width).toBeLessThanOrEqual(375);
    expect(box!.width).toBeGreaterThan(300);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await expect(page.locator("figure.chart figcaption")).toContainText("Meilenstein");
  });
}

test("the schedule chart appears after client-side navigation too", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await waitForHydration(page);
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Zeitplan" }).click();
  await expect(page).toHaveURL(/\/zeitplan$/);
  await expect(page.getByRole("img", { name: /Zeitplan aller Maßnahmenpakete/ })).toBeVisible();
  await expect(page.locator("table")).toHaveCount(13);
});

test("the chart files open on their own", async ({ page }) => {
  const response = await page.goto("/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg?stand=2024-12-31");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-type"]).toContain("image/svg+xml");
  await page.setViewportSize({ width: 1000, height: 1200 });
  await page.screenshot({ path: "screenshots/schedule-file-2024.png" });
  const bad = await page.goto("/potsdam-ag-auslaenderbehoerde/grafik/zeitplan.svg?stand=2024-02-30");
  expect(bad?.status()).toBe(400);
  await expect(page.locator("body")).toContainText("kein gültiges Datum");
});

test.describe("print", () => {
  // Only to grey the page for the screenshot; the app's own CSP stays untouched.
  test.use({ bypassCSP: true });

test("printed in black and white, the schedule page keeps its chart", async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 1400 });
  await page.goto("/potsdam-ag-auslaenderbehoerde/zeitplan");
  await page.emulateMedia({ media: "print" });
  await page.addStyleTag({ content: "html { filter: grayscale(1); }" });
  await page.screenshot({ path: "screenshots/schedule-print-grey.png", fullPage: false });
  await expect(page.getByRole("img", { name: /Zeitplan aller Maßnahmenpakete/ })).toBeVisible();
});
});
