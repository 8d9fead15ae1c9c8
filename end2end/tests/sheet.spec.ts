import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS } from "../playwright.config";
import { signIn, watchErrors } from "./helpers";

// The spreadsheet round trip (issue 19, part 4) in a real browser: download, edit, upload,
// dry run, apply; with JavaScript and without. The milestones edited here (packages 5
// and 9) belong to no other test.
test.describe.configure({ mode: "serial" });

const SHEET = "/potsdam-ag-auslaenderbehoerde/bearbeiten/tabelle";
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function noViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`)).toEqual([]);
}

/** Downloads the editing spreadsheet through the page's link; the file's path. */
async function download(page: Page): Promise<string> {
  await page.goto(SHEET);
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Tabelle herunterladen (XLSX)" }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/^bearbeitung-potsdam-ag-auslaenderbehoerde-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const path = join(mkdtempSync(join(tmpdir(), "tabelle-")), file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

/** The file edited as in a spreadsheet program: `text` into `column` of the row titled `title`. */
function edit(source: string, title: string, column: string, text: string): string {
  const target = source.replace(/\.xlsx$/, `-${column}.xlsx`);
  execFileSync("python3", [join(__dirname, "edit-xlsx.py"), source, target, title, column, text]);
  return target;
}

async function upload(page: Page, path: string) {
  await page.goto(SHEET);
  await page.getByLabel("Bearbeitete Tabelle").setInputFiles(path);
  await page.getByRole("button", { name: "Hochladen und prüfen" }).click();
}

async function signedIn(browser: Browser, withJs: boolean): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: withJs, acceptDownloads: true })).newPage();
  await signIn(page, ACCOUNTS.member, { withJs });
  return page;
}

for (const withJs of [true, false]) {
  const how = withJs ? "with JavaScript" : "without JavaScript";
  const [title, note, status] = withJs
    ? ["Sachbearbeitung im Prüfschema geschult", "Schulung für Februar geplant.", "in Arbeit"]
    : ["Verfahren zur Vermeidung dauerhafter Trennungen eingeführt", "Entwurf liegt dem Fachbereich vor.", "offen"];

  test(`download, edit, upload: the dry run shows the edit, applying saves it (${how})`, async ({ browser }) => {
    const page = await signedIn(browser, withJs);
    const errors = watchErrors(page);
    const original = await download(page);
    if (withJs) await noViolations(page);

    // Unchanged, the file changes nothing.
    await upload(page, original);
    await expect(page).toHaveURL(/\/bearbeiten\/tabelle\/pruefung\/[0-9a-f]{32}$/);
    await expect(page.getByText("Die Datei enthält keine Änderungen, die übernommen werden können.")).toBeVisible();
    await expect(page.getByText("Zeilen mit Änderungen: 0")).toBeVisible();

    // A note and a status, edited in the file.
    const edited = edit(edit(original, title, "J", note), title, "E", status);
    await upload(page, edited);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Prüfung der hochgeladenen Tabelle");
    await expect(page.getByText("Zeilen mit Änderungen: 1")).toBeVisible();
    const changes = page.getByRole("table", { name: "Änderungen" });
    await expect(changes).toContainText(title);
    await expect(changes.getByRole("cell", { name: note })).toBeVisible();
    await expect(changes.getByRole("cell", { name: status, exact: true })).toBeVisible();
    if (withJs) {
      await noViolations(page);
      await page.screenshot({ path: "screenshots/tabelle-pruefung.png", fullPage: true });
    }
    // Nothing is saved before applying.
    const packagePage = withJs ? "/potsdam-ag-auslaenderbehoerde/pakete/5" : "/potsdam-ag-auslaenderbehoerde/pakete/9";
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(packagePage);
    await expect(reader.getByText(note)).toHaveCount(0);

    await page.getByRole("button", { name: "Alle Änderungen übernehmen (1)" }).click();
    await expect(page).toHaveURL(/\/bearbeiten\/tabelle\?uebernommen=1$/);
    await expect(page.getByRole("status")).toContainText("Aus der Tabelle gespeichert: 1 Meilensteine");
    await reader.goto(packagePage);
    await expect(reader.getByText(note).first()).toBeVisible();
    expect(errors).toEqual([]);
  });
}

test("a file that is no spreadsheet: the message stands beside the file field (without JavaScript)", async ({ browser }) => {
  const page = await signedIn(browser, false);
  const path = join(mkdtempSync(join(tmpdir(), "tabelle-")), "notizen.xlsx");
  writeFileSync(path, "Status;Prognose\noffen;31.12.2026\n");
  await upload(page, path);
  await expect(page).toHaveURL(/\/bearbeiten\/tabelle\?fehler=unlesbar$/);
  const field = page.getByLabel("Bearbeitete Tabelle");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#feld-datei-fehler")).toContainText("Die Datei ist keine lesbare XLSX-Datei.");
  await expect(page.locator("#feld-datei:focus")).toHaveCount(1);
});

test("the round trip's pages have no accessibility violations in English either", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addCookies([{ name: "sprache", value: "en", url: baseURL! }]);
  const page = await context.newPage();
  await signIn(page, ACCOUNTS.member, { language: "en" });
  await page.goto(`${SHEET}?fehler=spalte-I`);
  await expect(page.locator("#feld-datei-fehler")).toContainText("The column “Completed on” is missing.");
  await noViolations(page);
  await page.screenshot({ path: "screenshots/tabelle-en.png", fullPage: true });
});
