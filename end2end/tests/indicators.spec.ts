import { expect, test, type Page } from "@playwright/test";
import { signIn, watchErrors } from "./helpers";
import { ACCOUNTS } from "../playwright.config";

// Indicators (issue 20): from the dashboard's row to an indicator's page, whose chart is
// a named image with its data as a table; a small count only as "weniger als 5". With and
// without JavaScript: the pages are plain HTML.
const PLAN = "/potsdam-ag-auslaenderbehoerde";
const STATUS_WORDS = /Ziel erreicht|auf Kurs|verfehlt|keine aktuellen Daten|noch keine Werte/;

async function followToIndicator(page: Page) {
  await page.goto(PLAN);
  const row = page.getByRole("region", { name: "Kennzahlen: Wirkt die Reform?" });
  await expect(row.getByRole("listitem")).toHaveCount(4);
  await expect(row).toContainText(STATUS_WORDS);
  await row.getByRole("link", { name: "Offene Anträge, älter als drei Monate" }).click();
  await expect(page).toHaveURL(/\/kennzahlen\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offene Anträge, älter als drei Monate");
}

for (const withJs of [true, false]) {
  test.describe(withJs ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled: withJs });

    test("an indicator's page: status in words, a named chart, the data as a table", async ({ page }) => {
      const errors = watchErrors(page);
      await followToIndicator(page);
      await expect(page.locator("main")).toContainText(STATUS_WORDS);
      const chart = page.getByRole("img", { name: "Verlauf der Kennzahl „Offene Anträge, älter als drei Monate“" });
      await expect(chart).toBeVisible();
      await expect(chart).toHaveAccessibleDescription(/weniger als 5/);
      const table = page.getByRole("table", { name: /Werte der Kennzahl „Offene Anträge/ });
      await expect(table.getByRole("row")).toHaveCount(10);
      await expect(table.getByRole("row", { name: /2\. Quartal 2026/ })).toContainText("weniger als 5");
      await expect(table.getByRole("row", { name: /4\. Quartal 2022/ })).toContainText("214");
      // Nothing loads a script on these pages.
      expect(await page.locator("script[src]").count()).toBe(0);
      if (!withJs) await page.screenshot({ path: "screenshots/kennzahl.png", fullPage: true });

      await page.getByRole("navigation", { name: "Sie sind hier" }).getByRole("link", { name: "Kennzahlen" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kennzahlen: Wirkt die Reform?");
      const list = page.getByRole("table", { name: /Kennzahlen mit letztem Wert, Ziel und Status/ });
      await expect(list.getByRole("row")).toHaveCount(5);
      await expect(list).toContainText("höchstens 21 Tage bis 31.12.2026");
      expect(errors).toEqual([]);
    });
  });
}

test("the indicators as known on a past day, and in English", async ({ page }) => {
  await page.goto(`${PLAN}/kennzahlen?stand=2024-12-31`);
  await expect(page.locator("main").getByRole("note").first()).toContainText("am Ende des 31.12.2024 bekannt");
  const list = page.getByRole("table", { name: /Status am 31\.12\.2024/ });
  await expect(list).toContainText("39 Tage (3. Quartal 2024)");
  await list.getByRole("link", { name: "Tage vom Antrag auf Arbeitserlaubnis bis zum Termin" }).click();
  await expect(page).toHaveURL(/\/kennzahlen\/\d+\?stand=2024-12-31$/);
  await expect(page.getByRole("img", { name: /Verlauf der Kennzahl/ })).toHaveAccessibleDescription(/Stand 31\.12\.2024/);

  await page.context().addCookies([{ name: "sprache", value: "en", url: test.info().project.use.baseURL! }]);
  await page.goto(`${PLAN}/kennzahlen`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Indicators: is the reform working?");
  await expect(page.locator("main")).toContainText("fewer than 5");
  await expect(page.locator("main")).toContainText(/target reached|on course|missed|no current data/);
  await page.screenshot({ path: "screenshots/kennzahlen-en.png", fullPage: true });
});

for (const withJs of [true, false]) {
  test(`a member enters values by pasting lines, checks them and saves (${withJs ? "with" : "without"} JavaScript)`, async ({ browser }) => {
    const page = await (await browser.newContext({ javaScriptEnabled: withJs })).newPage();
    await signIn(page, ACCOUNTS.member, { withJs });
    await page.getByRole("link", { name: /Kennzahlen: Werte erfassen/ }).click();
    await page.getByRole("link", { name: /Werte erfassen: Anteil der Beratungen mit verfügbarer Sprachmittlung/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Anteil der Beratungen");

    // A wrong line first: named with its line and field, nothing to save.
    const period = withJs ? "2026-Q1" : "2026-Q2";
    const pasted = page.getByLabel("Zeilen aus einer Tabelle");
    await pasted.fill(`Zeitraum;Wert;Quelle\n${period};81;Protokolle\n2026-13;80\n`);
    await page.getByRole("region", { name: "Mehrere Werte einfügen (CSV)" }).getByRole("button", { name: "Prüfen", exact: true }).click();
    const dryRun = page.getByRole("region", { name: "Prüfung: noch nichts gespeichert" });
    await expect(dryRun.getByRole("row", { name: /^3 / })).toContainText("Zeitraum: „2026-13“ ist kein Zeitraum");
    await expect(dryRun).toContainText("Solange eine Zeile einen Fehler hat");
    await expect(dryRun.getByRole("button")).toHaveCount(0);
    await expect(pasted).toHaveValue(/2026-13;80/);

    // Corrected: one line to save.
    await pasted.fill(`${period};81;Protokolle\n`);
    await page.getByRole("region", { name: "Mehrere Werte einfügen (CSV)" }).getByRole("button", { name: "Prüfen", exact: true }).click();
    await expect(dryRun.getByRole("row", { name: /^1 / })).toContainText("neu");
    await dryRun.getByRole("button", { name: "Speichern (1)" }).click();
    await expect(page.getByRole("status")).toContainText("Gespeicherte Werte: 1, in einem Änderungssatz");
    await expect(page.getByRole("table", { name: "Gespeicherte Werte" })).toContainText("81 %");
    if (!withJs) await page.screenshot({ path: "screenshots/kennzahl-werte.png", fullPage: true });
  });
}

for (const withJs of [true, false]) {
  test(`an admin defines an indicator, changes its target with a reason and uploads a CSV file (${withJs ? "with" : "without"} JavaScript)`, async ({ browser }) => {
    const page = await (await browser.newContext({ javaScriptEnabled: withJs })).newPage();
    await signIn(page, ACCOUNTS.admin, { withJs });
    await page.goto(`${PLAN}/bearbeiten/kennzahlen`);
    await page.getByRole("link", { name: "Neue Kennzahl anlegen" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Neue Kennzahl anlegen");
    const name = `Wartezeit auf einen Termin (E2E, ${withJs ? "mit" : "ohne"} JavaScript)`;

    // A missing key: the message beside its field, what was typed stays.
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Zielwert").fill("30");
    await page.getByLabel("Zieldatum").fill("31.12.2027");
    await page.getByRole("button", { name: "Kennzahl anlegen" }).click();
    const key = page.getByLabel("Kennung");
    await expect(key).toHaveAttribute("aria-invalid", "true");
    await expect(key).toHaveAccessibleDescription(/Die Kennung braucht 1 bis 32 Zeichen/);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
    await expect(page.getByLabel("Zielwert")).toHaveValue("30");
    if (!withJs) await page.screenshot({ path: "screenshots/kennzahl-anlegen.png", fullPage: true });

    await key.fill(withJs ? "E2E-1" : "E2E-2");
    await page.getByLabel("Paket").selectOption("1");
    await page.getByLabel("Zwischenziele (optional)").fill("30.06.2027; 45");
    await page.getByRole("button", { name: "Kennzahl anlegen" }).click();
    await expect(page).toHaveURL(/\/bearbeiten\/kennzahlen\/\d+\?angelegt=1$/);
    await expect(page.getByRole("status")).toContainText("Die Kennzahl ist angelegt");
    const id = page.url().match(/kennzahlen\/(\d+)/)![1];

    // The target changes only with a public reason.
    const target = page.getByRole("region", { name: "Ziel ändern" });
    await target.getByLabel("Zielwert").fill("25");
    await target.getByRole("button", { name: "Ziel ändern" }).click();
    await expect(target.getByLabel("Begründung")).toHaveAccessibleDescription(/braucht eine Begründung/);
    await target.getByLabel("Begründung").fill("Beschluss des Ausschusses (Beispiel, E2E).");
    await target.getByRole("button", { name: "Ziel ändern" }).click();
    await expect(page.getByRole("status")).toContainText("Das Ziel ist geändert");
    if (!withJs) await page.screenshot({ path: "screenshots/kennzahl-ziel.png", fullPage: true });

    // A file saved by German Excel (Windows-1252): read, checked, then saved.
    await page.getByLabel("CSV-Datei").setInputFiles({
      name: "werte.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Zeitraum;Wert;Quelle\r\n2026-Q3;40;Bericht f\xfcr M\xe4rz\r\n", "latin1"),
    });
    await page.getByRole("button", { name: "Datei prüfen" }).click();
    const dryRun = page.getByRole("region", { name: "Prüfung: noch nichts gespeichert" });
    await expect(dryRun.getByRole("row", { name: /^2 / })).toContainText("40 Tage");
    await expect(dryRun.getByRole("row", { name: /^2 / })).toContainText("neu");
    await dryRun.getByRole("button", { name: "Speichern (1)" }).click();
    await expect(page.getByRole("status")).toContainText("Gespeicherte Werte: 1");
    await expect(page.getByRole("table", { name: "Gespeicherte Werte" })).toContainText("Bericht für März");

    await page.goto(`${PLAN}/kennzahlen/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
    await expect(page.locator("main")).toContainText("höchstens 25 Tage bis 31.12.2027");
    await expect(page.locator("main")).toContainText("Beschluss des Ausschusses (Beispiel, E2E).");
  });
}
