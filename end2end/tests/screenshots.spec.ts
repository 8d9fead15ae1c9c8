import { test } from "@playwright/test";
import { ACCOUNTS } from "../playwright.config";
import { signIn, waitForHydration } from "./helpers";

// Screenshots for people to look at (and for the README); they assert nothing themselves.
const shots = [
  { name: "dashboard-desktop", path: "/potsdam-ag-auslaenderbehoerde", viewport: { width: 1280, height: 900 } },
  { name: "package-desktop", path: "/potsdam-ag-auslaenderbehoerde/pakete/3", viewport: { width: 1280, height: 900 } },
  { name: "dashboard-phone", path: "/potsdam-ag-auslaenderbehoerde", viewport: { width: 375, height: 812 } },
  { name: "package-phone", path: "/potsdam-ag-auslaenderbehoerde/pakete/7", viewport: { width: 375, height: 812 } },
  { name: "schedule-desktop", path: "/potsdam-ag-auslaenderbehoerde/zeitplan", viewport: { width: 1280, height: 900 } },
  { name: "schedule-phone", path: "/potsdam-ag-auslaenderbehoerde/zeitplan", viewport: { width: 375, height: 812 } },
  { name: "changes-desktop", path: "/potsdam-ag-auslaenderbehoerde/aenderungen", viewport: { width: 1280, height: 900 } },
  { name: "login-desktop", path: "/anmelden", viewport: { width: 1280, height: 900 } },
];

for (const shot of shots) {
  test(`screenshot ${shot.name}`, async ({ page }) => {
    await page.setViewportSize(shot.viewport);
    await page.goto(shot.path);
    await waitForHydration(page);
    await page.screenshot({ path: `screenshots/${shot.name}.png`, fullPage: true });
  });
}

test("screenshots of the editing pages", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, ACCOUNTS.member);
  await page.goto("/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/3");
  await waitForHydration(page);
  await page.screenshot({ path: "screenshots/edit-package-desktop.png", fullPage: true });
  await page.getByRole("link", { name: "Wartezeiten bis zum Termin erstmals ausgewertet und veröffentlicht" }).click();
  await waitForHydration(page);
  await page.getByLabel("Prognose der Verwaltung").fill("31.02.2027");
  await page.getByLabel("Titel", { exact: true }).fill("");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await page.getByRole("alert").first().waitFor();
  await page.screenshot({ path: "screenshots/edit-milestone-error-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: "screenshots/edit-milestone-error-phone.png", fullPage: true });
});

test("screenshot of the meeting page", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, ACCOUNTS.member);
  await page.goto("/potsdam-ag-auslaenderbehoerde/bearbeiten/sitzung?paket=8");
  await waitForHydration(page);
  await page.screenshot({ path: "screenshots/sitzung-desktop.png", fullPage: true });
});

test("screenshot of the account administration", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, ACCOUNTS.admin);
  await page.goto("/verwaltung");
  await waitForHydration(page);
  await page.screenshot({ path: "screenshots/accounts-desktop.png", fullPage: true });
});
