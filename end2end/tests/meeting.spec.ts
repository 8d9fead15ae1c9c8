import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS } from "../playwright.config";
import { signIn, waitForHydration, watchErrors } from "./helpers";

// Meeting mode (issue 19, part 3): ten edits by keyboard only, with JavaScript and without.
// The rows edited here (packages 1, 2 and 13) belong to no other test.
test.describe.configure({ mode: "serial" });

const MEETING = "/potsdam-ag-auslaenderbehoerde/bearbeiten/sitzung";

/** Today as the app's forms expect it: 31.12.2026 (Europe/Berlin). */
function todayGerman(): string {
  const parts = new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("day")}.${get("month")}.${get("year")}`;
}

/** The id of a row's control: the row found by its milestone's title. */
async function controlId(page: Page, title: string, field: string): Promise<string> {
  const header = page.locator("th[scope=row]", { has: page.getByText(title, { exact: true }) });
  const id = (await header.getAttribute("id"))!; // sitzung-{id}-titel
  return id.replace(/-titel$/, `-${field}`);
}

/** Presses Tab (Shift+Tab when `back`) until the control with `id` has the focus (read
 * through Playwright's selectors, which work with the page's JavaScript off too). */
async function tabTo(page: Page, id: string, back = false) {
  for (let i = 0; i < 400; i++) {
    if ((await page.locator(`#${id}:focus`).count()) === 1) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`never reached #${id} with the keyboard`);
}

async function expectFocus(page: Page, id: string) {
  await expect(page.locator(`#${id}`)).toBeFocused();
}

test("a meeting of ten edits by keyboard, with JavaScript: Enter moves down, Ctrl+Enter saves", async ({ page }) => {
  const errors = watchErrors(page);
  await signIn(page, ACCOUNTS.member);
  await page.goto(`${MEETING}?paket=13`);
  await waitForHydration(page);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  const concept = "Konzept für eine Ombudsstelle nach Berliner Vorbild";
  const body = "Gremium für künftige ermessenslenkende Weisungen eingerichtet";
  const office = "Ombudsstelle nimmt die Arbeit auf";
  const titles = await page.locator("th[scope=row] .milestone__title").allTextContents();
  expect(titles.length).toBe(3);

  await tabTo(page, await controlId(page, titles[0], "status"));
  await page.keyboard.press("ArrowDown"); // 1: in Arbeit → erledigt
  await tabTo(page, await controlId(page, titles[0], "completed"));
  await page.keyboard.type(todayGerman()); // 2
  await page.keyboard.press("Tab");
  await page.keyboard.type("In der Sitzung als erledigt gemeldet."); // 3
  await page.keyboard.press("Enter"); // the same field, next row
  await expectFocus(page, await controlId(page, titles[1], "note"));
  await page.keyboard.type("Gremium tagt im Januar."); // 4
  for (let i = 0; i < 4; i++) await page.keyboard.press("Shift+Tab");
  await expectFocus(page, await controlId(page, titles[1], "forecast"));
  await page.keyboard.type("30.06.2027"); // 5: a first forecast needs no reason
  await page.keyboard.press("Enter");
  await expectFocus(page, await controlId(page, titles[2], "forecast"));
  await page.keyboard.type("31.03.2027"); // 6
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("ArrowDown"); // 7: offen → in Arbeit
  await tabTo(page, await controlId(page, titles[2], "note"));
  await page.keyboard.type("Start im Frühjahr."); // 8
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("Gremium tagt im Januar 2027."); // 9
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.press("End");
  await page.keyboard.type(" Bericht folgt."); // 10
  await expect(page.locator(".meeting__changed")).toHaveText("3 Zeilen geändert, noch nicht gespeichert.");
  await expect(page.locator("tr.is-changed")).toHaveCount(3);

  await page.keyboard.press("Control+Enter");
  await expect(page).toHaveURL(/\/bearbeiten\/sitzung\?paket=13&gespeichert=3$/);
  await expect(page.getByRole("status")).toContainText("3 geänderte Zeilen gespeichert.");
  // Done milestones leave the meeting; the two others show what was saved.
  await expect(page.locator("th[scope=row] .milestone__title")).toHaveCount(2);

  await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/13");
  const notes = page.locator("table.milestones .milestone__note");
  await expect(notes.filter({ hasText: "In der Sitzung als erledigt gemeldet. Bericht folgt." })).toHaveCount(1);
  await expect(notes.filter({ hasText: "Gremium tagt im Januar 2027." })).toHaveCount(1);
  await expect(notes.filter({ hasText: "Start im Frühjahr." })).toHaveCount(1);
  expect([concept, body, office].every((t) => titles.includes(t))).toBe(true);
  expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a meeting of ten edits by keyboard as one plain form", async ({ page }) => {
    await signIn(page, ACCOUNTS.member, { withJs: false });
    await page.goto(MEETING);
    const evaluation = "Erste Evaluierung anhand des Leitsatzes veröffentlicht";
    const open = "Weisungen öffentlich zugänglich gemacht";
    const review = "Weisungen nach drei Jahren Anwendung überprüft";
    // (axe needs the page's JavaScript; the same HTML is checked in the test above.)
    await tabTo(page, await controlId(page, evaluation, "status"));
    await page.keyboard.press("ArrowUp"); // 1: in Arbeit → offen
    await page.keyboard.press("Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("30.11.2026"); // 2: earlier, no reason needed
    await tabTo(page, await controlId(page, evaluation, "note"));
    await page.keyboard.type("Evaluierung beginnt im Januar."); // 3
    await tabTo(page, await controlId(page, open, "status"));
    await page.keyboard.press("ArrowDown"); // 4: offen → in Arbeit
    await page.keyboard.press("Tab");
    await page.keyboard.type("31.03.2027"); // 5
    await tabTo(page, await controlId(page, open, "note"));
    await page.keyboard.type("Veröffentlichung vorbereitet."); // 6
    await tabTo(page, await controlId(page, review, "forecast"));
    await page.keyboard.press("Control+A");
    await page.keyboard.type("31.12.2027"); // 7: later …
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown"); // 8: … with its reason: Personal
    await page.keyboard.press("Tab");
    await page.keyboard.type("Zwei Stellen im Sachgebiet unbesetzt."); // 9
    await tabTo(page, await controlId(page, review, "note"));
    await page.keyboard.type("Überprüfung verschoben."); // 10
    await page.keyboard.press("Enter"); // a plain form: Enter saves

    await expect(page).toHaveURL(/\/bearbeiten\/sitzung\?gespeichert=3$/);
    await expect(page.getByRole("status")).toContainText("3 geänderte Zeilen gespeichert.");
    await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/2");
    await expect(page.locator("table.milestones .milestone__note", { hasText: "Veröffentlichung vorbereitet." })).toHaveCount(1);
    await expect(page.locator(".forecast-moves")).toContainText("Personal – Zwei Stellen im Sachgebiet unbesetzt.");
    await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/1");
    await expect(page.locator("table.milestones .milestone__note", { hasText: "Evaluierung beginnt im Januar." })).toHaveCount(1);
  });
});
