import { expect, test } from "@playwright/test";
import { waitForHydration } from "./helpers";

// /berichte: every export linked, a past "Stand" picked with the form, and the files
// download as what they claim to be – with and without JavaScript.

test("the reports page links every export and picks a past stand", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await waitForHydration(page);
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Berichte & Daten" }).click();
  await expect(page).toHaveURL(/\/berichte$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Berichte und offene Daten");
  await expect(page.locator(".export")).toHaveCount(7);

  await page.getByLabel("Stand (Tag)").fill("2026-11-20");
  await page.getByLabel(/^Änderungen seit/).fill("2026-09-01");
  await page.getByRole("button", { name: "Links für diesen Stand" }).click();
  await expect(page).toHaveURL(/\/berichte\?stand=2026-11-20&seit=2026-09-01$/);
  await expect(page.getByRole("heading", { name: "Dateien zum Stand 20.11.2026" })).toBeVisible();
  // Only the status report has the section "Änderungen seit …".
  await expect(page.getByRole("link", { name: "Sachstandsbericht" })).toHaveAttribute(
    "href",
    "/potsdam-ag-auslaenderbehoerde/export/sachstandsbericht.pdf?stand=2026-11-20&seit=2026-09-01",
  );
  await expect(page.getByRole("link", { name: "Meilensteine als CSV" })).toHaveAttribute(
    "href",
    "/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv?stand=2026-11-20",
  );
  await expect(page.getByRole("link", { name: "Kennzahlen als CSV" })).toHaveAttribute(
    "href",
    "/potsdam-ag-auslaenderbehoerde/export/kennzahlen.csv?stand=2026-11-20",
  );
  const pdf = await page.request.get("/potsdam-ag-auslaenderbehoerde/export/sachstandsbericht.pdf?stand=2026-11-20&seit=2026-09-01");
  expect(pdf.status()).toBe(200);
});

test("the status report and the spreadsheet download as real files", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde/berichte");
  await waitForHydration(page);
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Meilensteine als CSV" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^meilensteine-.*-\d{4}-\d{2}-\d{2}\.csv$/);

  const response = await page.request.get("/potsdam-ag-auslaenderbehoerde/export/sachstandsbericht.pdf");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  const body = await response.body();
  expect(body.subarray(0, 5).toString()).toBe("%PDF-");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a bad stand is explained next to the field and kept", async ({ page }) => {
    await page.goto("/potsdam-ag-auslaenderbehoerde/berichte");
    await page.getByLabel("Stand (Tag)").fill("2026-02-28");
    await page.getByRole("button", { name: "Links für diesen Stand" }).click();
    await expect(page.getByRole("heading", { name: "Dateien zum Stand 28.02.2026" })).toBeVisible();
    await page.goto("/potsdam-ag-auslaenderbehoerde/berichte?stand=vorgestern");
    const field = page.getByLabel("Stand (Tag)");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(".field__error")).toContainText("kein gültiges Datum");
    // "Änderungen seit" after the stand is explained beside its field, and kept.
    await page.goto("/potsdam-ag-auslaenderbehoerde/berichte?stand=2026-02-28&seit=2026-03-01");
    const since = page.getByLabel(/^Änderungen seit/);
    await expect(since).toHaveAttribute("aria-invalid", "true");
    await expect(since).toHaveValue("2026-03-01");
    await expect(page.locator("#feld-seit-fehler")).toContainText("nicht vor dem gewählten Stand");
    await expect(page.getByRole("link", { name: "Sachstandsbericht" })).toHaveAttribute(
      "href",
      "/potsdam-ag-auslaenderbehoerde/export/sachstandsbericht.pdf?stand=2026-02-28",
    );
  });
});

// /pruefung (issue 21): the history's stand, the same as every export carries, and the
// verifier to check it – a plain page, reached from every plan page's footer.
test("the check page shows the stand that the exports carry", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde/zeitplan");
  await page.getByRole("contentinfo").getByRole("link", { name: "Historie prüfen" }).click();
  await expect(page).toHaveURL(/\/potsdam-ag-auslaenderbehoerde\/pruefung$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ist die Historie unverändert? So prüfen Sie es");
  await expect(page.getByRole("heading", { name: "Was sie nicht beweist" })).toBeVisible();
  const stand = (await page.locator("#stand").textContent())!.trim();
  expect(stand).toMatch(/^\d+:[0-9a-f]{64}$/);
  const history = await (await page.request.get("/potsdam-ag-auslaenderbehoerde/api/v1/historie.json")).json();
  expect(history.head).toBe(stand);
  const csv = await (await page.request.get("/potsdam-ag-auslaenderbehoerde/export/meilensteine.csv")).text();
  expect(csv.split("\r\n")[1].endsWith(stand)).toBe(true);
  const plan = await (await page.request.get("/potsdam-ag-auslaenderbehoerde/api/v1/plan.json")).json();
  expect(plan.history_head).toBe(stand);
  const script = await page.request.get(await page.getByRole("link", { name: /historie_pruefen\.py/ }).getAttribute("href") ?? "");
  expect(script.status()).toBe(200);
  expect(await script.text()).toContain("umsetzungsmonitor-historie-v1");
  // Old address, new home.
  await page.goto("/pruefung");
  await expect(page).toHaveURL(/\/potsdam-ag-auslaenderbehoerde\/pruefung$/);
});
