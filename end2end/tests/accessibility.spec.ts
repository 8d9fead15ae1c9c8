import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNTS } from "../playwright.config";
import { signIn, waitForHydration } from "./helpers";

// Every page, in German and English, signed out and signed in, must pass axe-core's
// WCAG 2.1 A and AA rules. A new page belongs in one of these lists.
const PUBLIC_PAGES = [
  "/",
  "/potsdam-ag-auslaenderbehoerde",
  "/vergleich",
  "/magdeburg-willkommensbehoerde",
  "/niedersachsen-willkommenskultur/pakete/3",
  "/dresden-aktionsplan-integration/zeitplan",
  "/potsdam-ag-auslaenderbehoerde/pakete/1",
  "/potsdam-ag-auslaenderbehoerde/pakete/13",
  "/potsdam-ag-auslaenderbehoerde/zeitplan",
  "/potsdam-ag-auslaenderbehoerde/kennzahlen",
  "/potsdam-ag-auslaenderbehoerde/kennzahlen/1",
  "/potsdam-ag-auslaenderbehoerde/kennzahlen/4?stand=2025-12-31",
  "/potsdam-ag-auslaenderbehoerde/pakete/3",
  "/potsdam-ag-auslaenderbehoerde/aenderungen",
  "/potsdam-ag-auslaenderbehoerde/berichte",
  "/potsdam-ag-auslaenderbehoerde/berichte?stand=kein-datum",
  "/potsdam-ag-auslaenderbehoerde/pruefung",
  "/anmelden",
  "/impressum",
  "/datenschutz",
  "/barrierefreiheit",
  "/leichte-sprache",
  "/gibt-es-nicht",
];
const MEMBER_PAGES = [
  "/potsdam-ag-auslaenderbehoerde/bearbeiten",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/1",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/1/meilensteine/neu",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/meilensteine/1",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/sitzung",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/tabelle",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/kennzahlen",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/kennzahlen/2?csv=Zeitraum%3BWert%0A2026-13%3B5%0A2025%3B78",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/kennzahlen/4?zeitraum=2026-Q5&wert=3%2C5",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/kennzahlen/neu",
  "/potsdam-ag-auslaenderbehoerde/bearbeiten/kennzahlen/1?datei=nicht-lesbar",
  "/verwaltung",
  "/verwaltung/konten/1",
  "/konto/passwort",
];
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const LANGUAGES = ["de", "en"] as const;

// Each test walks many pages; give it time accordingly.
test.describe.configure({ timeout: 180_000 });

async function chooseLanguage(page: Page, language: string) {
  await page.context().addCookies([
    { name: "sprache", value: language, url: test.info().project.use.baseURL! },
  ]);
}

/** axe's findings on one page, one line per rule and element. */
async function violations(page: Page, path: string): Promise<string[]> {
  await page.goto(path);
  await waitForHydration(page);
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  // A run that checked nothing would pass silently.
  expect(results.passes.length, `${path}: axe checked no rule`).toBeGreaterThan(10);
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${path}: ${v.id} (${v.impact}) ${n.target.join(" ")} – ${n.failureSummary?.split("\n").join(" ")}`),
  );
}

for (const language of LANGUAGES) {
  test(`axe: public pages, signed out, ${language}`, async ({ page }) => {
    await chooseLanguage(page, language);
    const found: string[] = [];
    for (const path of PUBLIC_PAGES) {
      found.push(...(await violations(page, path)));
      await expect(page.locator("html")).toHaveAttribute("lang", language);
    }
    expect(found, found.join("\n")).toEqual([]);
  });

  test(`axe: every page, signed in, ${language}`, async ({ page }) => {
    await signIn(page, ACCOUNTS.admin);
    await chooseLanguage(page, language);
    const found: string[] = [];
    for (const path of [...MEMBER_PAGES, ...PUBLIC_PAGES.filter((p) => p !== "/anmelden")]) {
      found.push(...(await violations(page, path)));
      await expect(page.locator("html")).toHaveAttribute("lang", language);
    }
    expect(found, found.join("\n")).toEqual([]);
  });
}

test("public pages reflow at 320 px without horizontal scrolling", async ({ browser }) => {
  for (const language of LANGUAGES) {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await chooseLanguage(page, language);
    const wide: string[] = [];
    for (const path of PUBLIC_PAGES) {
      await page.goto(path);
      await waitForHydration(page);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      if (scroll > client) wide.push(`${language} ${path}: ${scroll}px wide in ${client}px`);
    }
    await context.close();
    expect(wide, wide.join("\n")).toEqual([]);
  }
});

/** The element that has keyboard focus, described by role-ish name. */
async function focused(page: Page): Promise<{ tag: string; text: string; outline: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const style = el ? getComputedStyle(el) : null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      text: (el?.getAttribute("aria-label") || el?.textContent || "").trim(),
      // Visible focus: an outline, or (links) a box shadow under a coloured background.
      outline: style
        ? style.outlineStyle !== "none"
          ? `outline ${style.outlineStyle} ${style.outlineWidth}`
          : style.boxShadow !== "none"
            ? `shadow ${style.boxShadow}`
            : "none"
        : "none",
    };
  });
}

/** Tabs until the focused element's text matches, failing after `max` steps. */
async function tabTo(page: Page, text: RegExp, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    expect(now.outline, `focus on <${now.tag}> "${now.text}" must be visible`).not.toMatch(/^none/);
    if (text.test(now.text)) return;
  }
  throw new Error(`no element matching ${text} within ${max} tabs`);
}

test("keyboard only: skip link, dashboard, language switch and sign-in", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await waitForHydration(page);
  // The first Tab reaches the skip link; Enter moves focus to the content.
  await page.keyboard.press("Tab");
  expect((await focused(page)).text).toBe("Zum Inhalt springen");
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("inhalt");
  // From the content, Tab reaches the first package and Enter opens it.
  await tabTo(page, /^Paket 1/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/pakete\/1$/);
  await waitForHydration(page);

  // The language switch, by keyboard: English, and it stays English.
  await page.keyboard.press("Shift+Tab");
  await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/1");
  await waitForHydration(page);
  await tabTo(page, /^English$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/pakete\/1$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeAttached();

  // The sign-in form, by keyboard.
  await tabTo(page, /^Sign in$/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/anmelden$/);
  await waitForHydration(page);
  await page.locator("#inhalt").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.type(ACCOUNTS.member.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(ACCOUNTS.member.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/bearbeiten$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("switching to English shows the dashboard in English, and it stays English", async ({ page }) => {
    await page.goto("/potsdam-ag-auslaenderbehoerde");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    await page.getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/potsdam-ag-auslaenderbehoerde$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Progress against the demanded schedule" })).toBeVisible();
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Schedule" })
      .click();
    await expect(page).toHaveURL(/\/zeitplan$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Schedule: demanded, forecast and actual");
    await page.getByRole("link", { name: "Deutsch" }).click();
    await expect(page).toHaveURL(/\/zeitplan$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
  });
});
