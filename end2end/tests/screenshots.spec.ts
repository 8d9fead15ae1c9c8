import { test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// Screenshots for people to look at (and for the README); they assert nothing themselves.
const shots = [
  { name: "dashboard-desktop", path: "/", viewport: { width: 1280, height: 900 } },
  { name: "package-desktop", path: "/pakete/3", viewport: { width: 1280, height: 900 } },
  { name: "dashboard-phone", path: "/", viewport: { width: 375, height: 812 } },
  { name: "package-phone", path: "/pakete/7", viewport: { width: 375, height: 812 } },
];

for (const shot of shots) {
  test(`screenshot ${shot.name}`, async ({ page }) => {
    await page.setViewportSize(shot.viewport);
    await page.goto(shot.path);
    await waitForHydration(page);
    await page.screenshot({ path: `screenshots/${shot.name}.png`, fullPage: true });
  });
}
