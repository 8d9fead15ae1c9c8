// What a page load costs on the wire in Chromium: the compressed bytes of the HTML, CSS,
// JavaScript and wasm a fresh browser (empty cache) fetches for each page, from Chromium's
// own network accounting (Playwright's request.sizes(): body bytes as transferred).
//
// Usage: node bench/transfer.mjs BASE_URL PATH…
//   SIGN_IN=email:password node bench/transfer.mjs …   signs in first (the editing pages)
// Prints a Markdown table. Run from the repository root (uses end2end's Playwright).
import { createRequire } from "node:module";
const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const kind = (request) => {
  const path = new URL(request.url()).pathname;
  if (path.endsWith(".wasm")) return "wasm";
  const type = request.resourceType();
  return { document: "html", stylesheet: "css", script: "js" }[type] ?? "other";
};
console.log("| page | HTML | CSS | JS | wasm | other | JS + wasm | total |");
console.log("|---|---|---|---|---|---|---|---|");
// Signed in: the session cookie only, so each page still starts with an empty cache.
let storageState;
if (process.env.SIGN_IN) {
  const [email, password] = process.env.SIGN_IN.split(":");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/anmelden`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(/\/bearbeiten$/), page.click('form button[type="submit"]')]);
  storageState = await context.storageState();
  await context.close();
}
for (const path of paths) {
  const context = await browser.newContext({ storageState });
  const page = await context.newPage();
  const requests = [];
  page.on("requestfinished", (request) => requests.push(request));
  await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
  const bytes = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  for (const request of requests) {
    const sizes = await request.sizes();
    bytes[kind(request)] += Math.max(0, sizes.responseBodySize);
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  console.log(`| ${path} | ${kb(bytes.html)} | ${kb(bytes.css)} | ${kb(bytes.js)} | ${kb(bytes.wasm)} | ${kb(bytes.other)} | ${kb(bytes.js + bytes.wasm)} | ${kb(total)} |`);
  await context.close();
}
await browser.close();
