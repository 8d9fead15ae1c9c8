import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ACCOUNTS } from "../playwright.config";
import { signIn, waitForHydration, watchErrors } from "./helpers";

test.describe.configure({ mode: "serial" });

/** Today as the app's forms expect it: 31.12.2026 (Europe/Berlin). */
function todayGerman(): string {
  const parts = new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("day")}.${get("month")}.${get("year")}`;
}

async function signInAsMember(page: Page, withJs = true) {
  await signIn(page, ACCOUNTS.member, { withJs });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Umsetzungsstand bearbeiten");
}

async function openMilestone(page: Page, packageNumber: number, title: string) {
  await page.getByRole("link", { name: new RegExp(`^Paket ${packageNumber}:`) }).click();
  await expect(page).toHaveURL(new RegExp(`/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/${packageNumber}$`));
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
}

/** Moves a milestone's forecast later: refused without a reason (beside both fields, the
 * date kept), saved with one, then counted and listed with its reason on the package page. */
async function moveForecastLater(page: Page, packageNumber: number, title: string, forecast: string, reason: string, withJs: boolean) {
  await signInAsMember(page, withJs);
  await openMilestone(page, packageNumber, title);
  if (withJs) await waitForHydration(page);
  await page.getByLabel("Prognose der Verwaltung").fill(forecast);
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.getByRole("alert").first()).toContainText("Das hat nicht geklappt");
  await expect(page.locator("#feld-forecast_category-fehler")).toContainText("warum sich die Prognose verschiebt");
  await expect(page.locator("#feld-forecast_reason-fehler")).toContainText("braucht eine Begründung");
  await expect(page.getByLabel("Prognose der Verwaltung")).toHaveValue(forecast);
  await page.getByLabel("Grund der Verschiebung").selectOption({ label: "Haushalt" });
  await page.getByLabel("Begründung der Verschiebung").fill(reason);
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/bearbeiten/pakete/${packageNumber}\\?gespeichert=\\d+$`));

  await page.goto(`/potsdam-ag-auslaenderbehoerde/pakete/${packageNumber}`);
  const row = page.locator("tbody tr", { has: page.getByText(title, { exact: true }) });
  const summary = row.locator(".milestone__moves");
  await expect(summary).toContainText(/\d× verschoben.*zusammen \+\d+ Tage/);
  await summary.click();
  const moves = page.locator(".forecast-moves > li:target");
  await expect(moves).toContainText(title);
  await expect(moves.locator(".forecast-moves__steps > li").last()).toContainText(`Haushalt – ${reason}`);
}

/** The two voices: the administration confirms a milestone's statement by saving it; the
 * working group disagrees (a reason is required, said beside the field); the package page
 * shows both side by side, with a marker that is a shape and words. */
async function twoVoices(browser: Browser, packageNumber: number, title: string, reason: string, withJs: boolean) {
  const office = await (await browser.newContext({ javaScriptEnabled: withJs })).newPage();
  await signIn(office, ACCOUNTS.administration, { withJs });
  await openMilestone(office, packageNumber, title);
  if (withJs) await waitForHydration(office);
  await expect(office.locator("#stellungnahme-hinweis")).toContainText(`von ${ACCOUNTS.administration.organisation} bestätigt`);
  await expect(office.getByLabel("Einschätzung", { exact: true })).toHaveCount(0);
  await office.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(office).toHaveURL(new RegExp(`/bearbeiten/pakete/${packageNumber}\\?gespeichert=\\d+$`));
  await office.context().close();

  const member = await (await browser.newContext({ javaScriptEnabled: withJs })).newPage();
  await signIn(member, ACCOUNTS.member, { withJs });
  await openMilestone(member, packageNumber, title);
  if (withJs) await waitForHydration(member);
  await expect(member.locator(".voices-now")).toContainText(`Angaben bestätigt von ${ACCOUNTS.administration.organisation}`);
  await member.getByLabel("Einschätzung", { exact: true }).selectOption({ label: "Arbeitsgruppe widerspricht" });
  await member.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(member.locator("#feld-assessment_reason-fehler")).toContainText("brauchen eine Begründung");
  await expect(member.getByLabel("Einschätzung", { exact: true })).toHaveValue("widerspruch");
  await member.getByLabel("Begründung der Einschätzung").fill(reason);
  await member.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(member).toHaveURL(new RegExp(`/bearbeiten/pakete/${packageNumber}\\?gespeichert=\\d+$`));
  await member.context().close();

  const reader = await (await browser.newContext({ javaScriptEnabled: withJs })).newPage();
  await reader.goto(`/potsdam-ag-auslaenderbehoerde/pakete/${packageNumber}`);
  const row = reader.locator("tbody tr", { has: reader.getByText(title, { exact: true }) });
  const voices = row.locator(".voices--differ");
  await expect(voices.locator(".voice--administration")).toContainText(`Angaben bestätigt von ${ACCOUNTS.administration.organisation}`);
  await expect(voices.locator(".voice--group")).toContainText("Arbeitsgruppe widerspricht");
  await expect(voices.locator(".voice--group")).toContainText(reason);
  await expect(voices.locator(".assessment__symbol")).toHaveText("≠");
  return reader;
}

test("sign in, mark a milestone done, see it on the dashboard and in the history", async ({ page }) => {
  const errors = watchErrors(page);
  await signInAsMember(page);
  await expect(page.getByText(`Angemeldet: ${ACCOUNTS.member.name}`)).toBeVisible();
  await openMilestone(page, 4, "Beratungsangebot in allen Sachgebieten eingeführt");
  await waitForHydration(page);
  await page.getByLabel("Status").selectOption({ label: "erledigt" });
  await page.getByLabel("Erledigt am").fill(todayGerman());
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page).toHaveURL(/\/bearbeiten\/pakete\/4\?gespeichert=\d+$/);
  await expect(page.getByRole("status")).toContainText("gespeichert");

  await page.goto("/potsdam-ag-auslaenderbehoerde");
  const card = page.locator(".card", { has: page.getByRole("link", { name: /Paket 4/ }) });
  await expect(card.locator(".status")).toHaveText(/abgeschlossen/);
  await expect(card).toContainText("100 %");

  await page.goto("/potsdam-ag-auslaenderbehoerde/aenderungen");
  const newest = page.locator(".changes__event").first();
  await expect(newest).toContainText("Beratungsangebot in allen Sachgebieten eingeführt");
  await expect(newest).toContainText("erledigt");
  await expect(newest).toContainText(ACCOUNTS.member.organisation);
  expect(errors).toEqual([]);
});

test("a validation error keeps what was typed (JavaScript on)", async ({ page }) => {
  await signInAsMember(page);
  // The islands' bundle stays within its budget on the wire (issue 16: ≤ 150 KB brotli).
  const wasm: Promise<number>[] = [];
  page.on("requestfinished", (request) => {
    if (new URL(request.url()).pathname.endsWith(".wasm")) wasm.push(request.sizes().then((s) => s.responseBodySize));
  });
  await openMilestone(page, 5, "Sachbearbeitung im Prüfschema geschult");
  await waitForHydration(page);
  await page.getByLabel("Titel", { exact: true }).fill("");
  await page.getByLabel("Prognose der Verwaltung").fill("31.02.2027");
  await page.getByLabel("Öffentlicher Hinweis").fill("Mein Text bleibt stehen");
  // The form is an island: it answers in place, the page is not loaded again.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.getByRole("alert").first()).toContainText("Das hat nicht geklappt");
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await expect(page.locator("#feld-forecast-fehler")).toContainText("gibt es im Kalender nicht");
  await expect(page.getByLabel("Prognose der Verwaltung")).toHaveValue("31.02.2027");
  await expect(page.getByLabel("Öffentlicher Hinweis")).toHaveValue("Mein Text bleibt stehen");
  await expect(page.getByLabel("Titel", { exact: true })).toHaveAttribute("aria-invalid", "true");
  const sizes = await Promise.all(wasm);
  expect(sizes.length).toBeGreaterThan(0);
  for (const size of sizes) expect(size).toBeLessThanOrEqual(150_000);
});

test("in English, the editing pages and their error messages are English (JavaScript on)", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "sprache", value: "en", url: baseURL! }]);
  await signIn(page, ACCOUNTS.member, { language: "en" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit the implementation record");
  await page.getByRole("link", { name: /^Package 9:/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Publish an update" })).toBeVisible();
  await page.locator("table.data-table tbody th a").first().click();
  await waitForHydration(page);
  await expect(page.locator("h1 .eyebrow")).toHaveText("Edit milestone");
  await page.getByLabel("Title", { exact: true }).fill("");
  await page.getByLabel("Administration's forecast").fill("31.02.2027");
  await page.getByLabel("Public note").fill("My text stays");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert").first()).toContainText("That did not work");
  await expect(page.locator("#feld-title-fehler")).toContainText("Please fill in this field.");
  await expect(page.locator("#feld-forecast-fehler")).toContainText("does not exist in the calendar");
  await expect(page.getByLabel("Public note")).toHaveValue("My text stays");
});

test("moving a forecast later asks why; the package page counts and lists the moves (JavaScript on)", async ({ page }) => {
  const errors = watchErrors(page);
  await moveForecastLater(page, 9, "Verfahren zur Vermeidung dauerhafter Trennungen eingeführt", "30.09.2027", "Mittel für die Clearingstelle erst 2027.", true);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "screenshots/prognosen.png", fullPage: true });
  // The refused post answers 400 on purpose (the browser logs that); no script error.
  expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
});

test("the administration confirms, the working group disagrees, the public sees both (JavaScript on)", async ({ browser }) => {
  const reader = await twoVoices(browser, 12, "Verbindlicher Zeit- und Umsetzungsplan vorgelegt", "Die Arbeitsgruppe kennt keinen Fall mit Rückmeldung.", true);
  const axe = await new AxeBuilder({ page: reader }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await reader.screenshot({ path: "screenshots/zwei-stimmen.png", fullPage: true });
  await reader.goto("/potsdam-ag-auslaenderbehoerde");
  await expect(reader.locator(".figure--disagreements .figure__value")).not.toHaveText("0");
  await reader.context().close();
});

test("signed-out visitors see no internal note anywhere", async ({ page, browser }) => {
  await signInAsMember(page);
  await openMilestone(page, 6, "Verfahren für Fallkonferenzen mit der Jugendhilfe vereinbart");
  await waitForHydration(page);
  const secret = "GEHEIM-E2E-Rückfrage beim Jugendamt";
  await page.getByLabel("Interne Notiz").fill(secret);
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page).toHaveURL(/gespeichert=/);
  await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/6");
  await expect(page.locator(".milestone__internal", { hasText: secret })).toBeVisible();

  const anonymous = await browser.newContext();
  const visitor = await anonymous.newPage();
  for (const path of ["/potsdam-ag-auslaenderbehoerde", "/potsdam-ag-auslaenderbehoerde/pakete/6", "/potsdam-ag-auslaenderbehoerde/aenderungen", "/api/package?plan=potsdam-ag-auslaenderbehoerde&number=6", "/api/aenderungen?plan=potsdam-ag-auslaenderbehoerde&page=1"]) {
    const response = await visitor.goto(path);
    expect(await response!.text(), path).not.toContain("GEHEIM-E2E");
  }
  await anonymous.close();
});

test("two editors at once: the later save shows both versions in place and overwrites only when saved again", async ({ page, browser }) => {
  const errors = watchErrors(page);
  const title = "Qualitätsstandards für die Sprachmittlung festgelegt";
  await signInAsMember(page);
  await openMilestone(page, 11, title);
  await waitForHydration(page);
  const milestoneUrl = page.url();

  // Meanwhile an admin saves the same milestone.
  const other = await browser.newContext();
  const admin = await other.newPage();
  await signIn(admin, ACCOUNTS.admin);
  await admin.goto(milestoneUrl);
  await waitForHydration(admin);
  await admin.getByLabel("Öffentlicher Hinweis").fill("Fassung der Verwaltung");
  await admin.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(admin).toHaveURL(/gespeichert=/);
  await other.close();

  await page.getByLabel("Öffentlicher Hinweis").fill("Fassung der AG");
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  const conflict = page.locator(".conflict");
  await expect(conflict.getByRole("heading", { level: 2 })).toHaveText("Inzwischen hat jemand anderes gespeichert");
  await expect(conflict.locator("tr.is-different")).toContainText("Fassung der Verwaltung");
  await expect(conflict.locator("tr.is-different")).toContainText("Fassung der AG");
  await expect(page.getByLabel("Öffentlicher Hinweis")).toHaveValue("Fassung der AG");
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  // Saving again overwrites knowingly.
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page).toHaveURL(/\/bearbeiten\/pakete\/11\?gespeichert=\d+$/);
  await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/11");
  await expect(page.locator("table.milestones").getByText("Fassung der AG")).toBeVisible();
  // Chromium logs the refused save's HTTP status (409 Conflict); nothing else may appear.
  expect(errors.filter((e) => !e.includes("status of 409"))).toEqual([]);
});

/** Posts a status update on package `number`'s edit page (signed in). */
async function postStatusUpdate(page: Page, number: number, body: string, withJs = true) {
  await page.goto(`/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/${number}`);
  if (withJs) await waitForHydration(page);
  await page.getByLabel("Was ist geschehen?").fill(body);
  await page.getByRole("button", { name: "Meldung veröffentlichen" }).click();
  // With and without JavaScript the page comes back with the update and a notice.
  await expect(page).toHaveURL(new RegExp(`/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/${number}\\?gemeldet=1$`));
  await expect(page.getByRole("status")).toContainText("veröffentlicht");
  await expect(page.locator(".timeline li", { hasText: body })).toBeVisible();
}

/** Removes the status update holding `text` from package `number`, as an admin. */
async function removeStatusUpdate(page: Page, number: number, text: string, reason: string) {
  await page.goto(`/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/${number}`);
  const item = page.locator(".timeline li", { hasText: text });
  await item.getByRole("link", { name: /^Text entfernen/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Text entfernen");
  await expect(page.getByText(text)).toBeVisible();
  await page.getByLabel("Grund (öffentlich)").fill(reason);
  await page.getByRole("button", { name: "Endgültig entfernen" }).click();
  await expect(page).toHaveURL(/\/aenderungen\?entfernt=1$/);
  await expect(page.getByRole("status")).toContainText("entfernt");
}

test("an admin removes a name posted by mistake, everywhere", async ({ page }) => {
  const errors = watchErrors(page);
  const secret = "Termin mit Frau E2E-Vertraulich-Nachname";
  await signIn(page, ACCOUNTS.admin);
  await postStatusUpdate(page, 6, secret);
  await page.goto("/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/6");
  await page.locator(".timeline li", { hasText: secret }).getByRole("link", { name: /^Text entfernen/ }).click();
  await waitForHydration(page);
  // A refusal keeps the page and says what is missing, next to the field.
  await page.getByRole("button", { name: "Endgültig entfernen" }).click();
  await expect(page.locator("#feld-reason-fehler")).toContainText("Bitte ausfüllen");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "test-results/entfernen.png", fullPage: true });
  await page.getByLabel("Grund (öffentlich)").fill("betrifft eine Einzelperson");
  await page.getByRole("button", { name: "Endgültig entfernen" }).click();
  await expect(page).toHaveURL(/\/aenderungen\?entfernt=1$/);
  // Among the newest saves (the other worker may save at the same time).
  await expect(page.locator(".changes__event", { hasText: "Text entfernt" }).first()).toContainText(
    "betrifft eine Einzelperson",
  );
  for (const path of ["/potsdam-ag-auslaenderbehoerde/pakete/6", "/potsdam-ag-auslaenderbehoerde/aenderungen", "/potsdam-ag-auslaenderbehoerde/feeds/aenderungen.atom"]) {
    const response = await page.goto(path);
    expect(await response!.text(), path).not.toContain("E2E-Vertraulich");
  }
  await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/6");
  await expect(page.getByText(/entfernt am \d\d\.\d\d\.\d{4} \(betrifft eine Einzelperson\)/).first()).toBeVisible();
  // The refused post answers 400 on purpose (the browser logs that); no script error.
  expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin removes a status update with plain form posts", async ({ page }) => {
    const secret = "Anruf von Herrn E2E-Ohne-Skript";
    await signIn(page, ACCOUNTS.admin, { withJs: false });
    await postStatusUpdate(page, 7, secret, false);
    await removeStatusUpdate(page, 7, secret, "personenbezogene Daten");
    const response = await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/7");
    expect(await response!.text()).not.toContain("E2E-Ohne-Skript");
  });

  test("the same edit works as plain form posts", async ({ page }) => {
    await signInAsMember(page, false);
    await openMilestone(page, 10, "Anteil geschulter Beschäftigter veröffentlicht");
    await page.getByLabel("Status").selectOption({ label: "in Arbeit" });
    await page.getByLabel("Öffentlicher Hinweis").fill("Erste Zahlen liegen der Verwaltung vor.");
    await page.getByRole("button", { name: "Speichern", exact: true }).click();
    await expect(page).toHaveURL(/\/bearbeiten\/pakete\/10\?gespeichert=\d+$/);
    await expect(page.getByRole("status")).toContainText("gespeichert");
    await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/10");
    await expect(page.locator(".milestone__note", { hasText: "Erste Zahlen liegen der Verwaltung vor." })).toBeVisible();
    await page.goto("/potsdam-ag-auslaenderbehoerde/aenderungen");
    // Among the newest saves (the other worker may save an indicator at the same time).
    await expect(
      page.locator(".changes__event", { hasText: "Anteil geschulter Beschäftigter veröffentlicht" }).first(),
    ).toContainText("Erste Zahlen liegen der Verwaltung vor.");
  });

  test("two voices as plain form posts", async ({ browser }) => {
    const reader = await twoVoices(browser, 11, "Dolmetscher:innen bei Telefon- und Videogesprächen bereitgestellt", "Im Protokoll der Sitzung steht das Gegenteil.", false);
    await reader.context().close();
  });

  test("moving a forecast later asks why, as plain form posts", async ({ page }) => {
    await moveForecastLater(page, 3, "Schriftlich begründete Ablehnung als Standard eingeführt", "31.03.2027", "Rahmenvertrag erst im nächsten Haushalt.", false);
  });

  test("a validation error keeps what was typed", async ({ page }) => {
    await signInAsMember(page, false);
    await openMilestone(page, 8, "Kindeswohl und familiäre Einheit als Prüfkriterien verankert");
    await page.getByLabel("Prognose der Verwaltung").fill("kommt noch");
    await page.getByLabel("Interne Notiz").fill("Bitte nicht verlieren");
    await page.getByRole("button", { name: "Speichern", exact: true }).click();
    await expect(page.getByRole("alert").first()).toContainText("Das hat nicht geklappt");
    await expect(page.locator("#feld-forecast-fehler")).toContainText("ist kein Datum");
    await expect(page.getByLabel("Prognose der Verwaltung")).toHaveValue("kommt noch");
    await expect(page.getByLabel("Interne Notiz")).toHaveValue("Bitte nicht verlieren");
  });

  test("signing out is a form post", async ({ page }) => {
    await signInAsMember(page, false);
    await page.getByRole("button", { name: "Abmelden" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("link", { name: "Anmelden" })).toBeVisible();
    const response = await page.goto("/potsdam-ag-auslaenderbehoerde/bearbeiten");
    await expect(page).toHaveURL(/\/anmelden\?weiter=\/potsdam-ag-auslaenderbehoerde\/bearbeiten$/);
    expect(response?.status()).toBe(200);
  });
});
