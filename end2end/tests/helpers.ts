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

/** Waits until the wasm bundle has hydrated the page (set by an Effect in `App`). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('.page[data-hydrated="true"]')).toHaveCount(1);
}
