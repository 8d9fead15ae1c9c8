import { expect, test } from "@playwright/test";
import { watchErrors } from "./helpers";

// The site holds the four example programmes (playwright.config.ts imports them).
const PLANS = [
  { slug: "potsdam-ag-auslaenderbehoerde", title: "Umsetzung der Handlungsempfehlungen der AG Ausländerbehörde", many: "Maßnahmenpakete", one: "Paket", count: 13 },
  { slug: "dresden-aktionsplan-integration", title: "Aktionsplan Integration 2022 bis 2026", many: "Handlungsfelder", one: "Handlungsfeld", count: 4 },
  { slug: "niedersachsen-willkommenskultur", title: "Willkommenskultur fängt in den Ausländerbehörden an", many: "Modellbehörden", one: "Modellbehörde", count: 9 },
  { slug: "magdeburg-willkommensbehoerde", title: "Ausländerbehörde Magdeburg als Willkommensbehörde", many: "Teilprojekte", one: "Teilprojekt", count: 5 },
];

test("the start page lists the plans, and each opens its own dashboard in its own words", async ({ page }) => {
  const errors = watchErrors(page);
  for (const plan of PLANS) {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Maßnahmenpläne");
    await expect(page.locator(".cards--plans > li")).toHaveCount(PLANS.length);
    await page.getByRole("link", { name: plan.title }).click();
    await expect(page).toHaveURL(new RegExp(`/${plan.slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(plan.title);
    await expect(page.getByRole("heading", { level: 2, name: plan.many })).toBeVisible();
    await expect(page.locator(".cards > li")).toHaveCount(plan.count);
    // The plan's own navigation.
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Zeitplan" }).click();
    await expect(page).toHaveURL(new RegExp(`/${plan.slug}/zeitplan$`));
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(`^${plan.one} 1: `) })).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a plan's pages and the comparison are complete", async ({ page }) => {
    const plan = PLANS[3];
    await page.goto("/");
    await page.getByRole("link", { name: plan.title }).click();
    await page.locator(".cards > li").nth(1).getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/${plan.slug}/pakete/2$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`${plan.one} 2`);
    await expect(page.getByText("wird geladen")).toHaveCount(0);
    await page.goto("/vergleich");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Die Pläne im Vergleich");
    await expect(page.getByRole("img", { name: /Anteil erledigter/ })).toBeVisible();
    const rows = page.locator("table.data-table tbody tr");
    await expect(rows).toHaveCount(PLANS.length);
    for (const plan of PLANS) {
      await expect(rows.filter({ hasText: plan.title })).toHaveCount(1);
    }
    // An old address leads to the first plan.
    await page.goto("/pakete/3");
    await expect(page).toHaveURL(new RegExp(`/${PLANS[0].slug}/pakete/3$`));
  });
});
