import { expect, type Page } from "@playwright/test";

export const PACKAGE_COUNT = 13;

/** Collects console errors and uncaught exceptions of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Waits until every island on the page (the editing forms) is live: each marks itself
 * `data-hydrated="true"` from an Effect, which runs in the browser only. Pages without
 * islands load no script, so there is nothing to wait for.
 */
export async function waitForHydration(page: Page) {
  await expect(page.locator("[data-island]:not([data-hydrated])")).toHaveCount(0);
}

/** The sign-in form's labels in each language. */
const SIGN_IN_LABELS = {
  de: { email: "E-Mail-Adresse", password: "Passwort", submit: "Anmelden" },
  en: { email: "E-mail address", password: "Password", submit: "Sign in" },
};

/**
 * Signs in through the form (in `language`, which the caller has chosen by cookie) and
 * waits for the editing start page.
 */
export async function signIn(
  page: Page,
  account: { email: string; password: string },
  { withJs = true, language = "de" as keyof typeof SIGN_IN_LABELS } = {},
) {
  const labels = SIGN_IN_LABELS[language];
  await page.goto("/anmelden");
  if (withJs) await waitForHydration(page);
  await page.getByLabel(labels.email).fill(account.email);
  await page.getByLabel(labels.password).fill(account.password);
  await page.getByRole("button", { name: labels.submit }).click();
  await expect(page).toHaveURL(/\/bearbeiten$/);
}
