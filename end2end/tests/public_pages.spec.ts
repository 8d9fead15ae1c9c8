import { expect, test } from "@playwright/test";
import { PACKAGE_COUNT, waitForHydration, watchErrors } from "./helpers";

test("dashboard lists all 13 packages and each link opens its page", async ({ page }) => {
  // Twenty-six page loads in one test: on a busy two-core CI machine, beside the
  // accessibility scans of the other worker, they need more than the default 30 s.
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await waitForHydration(page);
  const cards = page.locator(".cards > li");
  await expect(cards).toHaveCount(PACKAGE_COUNT);

  for (let nr = 1; nr <= PACKAGE_COUNT; nr++) {
    const card = cards.nth(nr - 1);
    const title = (await card.locator(".card__name").innerText()).trim();
    await card.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/potsdam-ag-auslaenderbehoerde/pakete/${nr}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(page.getByRole("table", { name: /^Meilensteine/ })).toBeVisible();
    await page.getByRole("navigation", { name: "Brotkrumenpfad" }).getByRole("link", { name: "Übersicht" }).click();
    await expect(page).toHaveURL(/\/potsdam-ag-auslaenderbehoerde$/);
    await expect(cards).toHaveCount(PACKAGE_COUNT);
  }
  expect(errors).toEqual([]);
});

test("public pages are plain HTML: no bundle, no page data twice, no console errors", async ({ page }) => {
  const errors = watchErrors(page);
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  for (const path of ["/", "/potsdam-ag-auslaenderbehoerde", "/potsdam-ag-auslaenderbehoerde/pakete/1", "/potsdam-ag-auslaenderbehoerde/pakete/13", "/potsdam-ag-auslaenderbehoerde/zeitplan", "/potsdam-ag-auslaenderbehoerde/aenderungen", "/potsdam-ag-auslaenderbehoerde/berichte", "/potsdam-ag-auslaenderbehoerde/pruefung"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    const html = await response!.text();
    // Islands mode: nothing outside an island hydrates, so no resource is serialized.
    expect(html, path).toContain("__RESOLVED_RESOURCES=[]");
    expect(html, path).not.toContain("data-props");
  }
  expect(requested.filter((p) => p.endsWith(".wasm") || p.endsWith(".js"))).toEqual([]);
  // The transfer budget of a signed-out page load (issue 16): JS and wasm ≤ 60 KB, from
  // Chromium's own accounting of the bytes on the wire.
  const fresh = await page.context().browser()!.newContext();
  const reader = await fresh.newPage();
  const scripts: number[] = [];
  reader.on("requestfinished", async (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith(".wasm") || request.resourceType() === "script") {
      scripts.push((await request.sizes()).responseBodySize);
    }
  });
  await reader.goto("/potsdam-ag-auslaenderbehoerde", { waitUntil: "networkidle" });
  expect(scripts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
  await fresh.close();
  // Links are plain page loads.
  await page.getByRole("link", { name: "Übersicht" }).first().click();
  await expect(page).toHaveURL(/\/potsdam-ag-auslaenderbehoerde$/);
  expect(errors).toEqual([]);
});

test("unknown package answers 404 with a helpful page", async ({ page }) => {
  const response = await page.goto("/potsdam-ag-auslaenderbehoerde/pakete/14");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seite nicht gefunden");
  await expect(page.getByRole("link", { name: /Übersicht/ }).first()).toBeVisible();
});

test("status is stated in words and the example data is labelled", async ({ page }) => {
  await page.goto("/potsdam-ag-auslaenderbehoerde");
  await expect(page.getByRole("note", { name: "Hinweis auf Beispieldaten" })).toContainText("Beispieldaten");
  const statuses = page.locator(".card .status");
  await expect(statuses).toHaveCount(PACKAGE_COUNT);
  for (const text of await statuses.allInnerTexts()) {
    expect(text).toMatch(/überfällig|gefährdet|ohne Soll-Termin|im Zeitplan|abgeschlossen|noch ohne Meilensteine/);
  }
  await expect(page.locator(".card .progress__text").first()).toContainText("%");
});

test("the bundle is named by content, sent as compressed at build time, and kept for a year", async ({ request }) => {
  // Only pages with islands (the editing pages) load it.
  const html = await (await request.get("/potsdam-ag-auslaenderbehoerde/bearbeiten/pakete/1")).text();
  const files = [...html.matchAll(/\/pkg\/umsetzungsmonitor\.[0-9a-f]{20}\.(?:wasm|js|css)/g)].map((m) => m[0]);
  expect(new Set(files.map((f) => f.split(".").pop()))).toEqual(new Set(["wasm", "js", "css"]));
  for (const file of new Set(files)) {
    const plain = await request.get(file, { headers: { "Accept-Encoding": "identity" } });
    const compressed = await request.get(file, { headers: { "Accept-Encoding": "br" } });
    expect(compressed.headers()["content-encoding"], file).toBe("br");
    expect(compressed.headers()["cache-control"], file).toBe("public, max-age=31536000, immutable");
    expect(compressed.headers()["vary"], file).toBe("Accept-Encoding");
    // Playwright decodes the body: the same bytes either way.
    expect((await compressed.body()).equals(await plain.body()), file).toBe(true);
  }
});
