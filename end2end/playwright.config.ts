import { defineConfig, devices } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The release build, started by Playwright on its own port with a fresh database,
// so the tests never touch a developer's data.
const port = Number(process.env.E2E_PORT ?? 3100);
const database = path.join(os.tmpdir(), `umsetzungsmonitor-e2e-${process.pid}.sqlite`);

// Accounts for the editing tests, created with the real command line before the server starts.
/// The example plan the tests work in; the site holds all four example catalogues, as a
/// fresh `scripts/start.sh` does.
export const PLAN = "potsdam-ag-auslaenderbehoerde";
const importExamples = ["potsdam", "dresden", "niedersachsen", "magdeburg"]
  .map((name) => `target/release/umsetzungsmonitor import catalogue/beispiel-${name}.toml >/dev/null`)
  .join(" && ");

export const ACCOUNTS = {
  member: { email: "mitglied@e2e.test", password: "e2e-Mitglied-Passwort", name: "Ada Mitglied", organisation: "Diakonie Potsdam", role: "member" },
  admin: { email: "admin@e2e.test", password: "e2e-Admin-Passwort-1", name: "Bea Admin", organisation: "Bündnis Potsdam! bekennt Farbe", role: "admin" },
  administration: { email: "verwaltung@e2e.test", password: "e2e-Verwaltung-Passwort", name: "Vera Verwaltung", organisation: "Landeshauptstadt Potsdam, Ausländerbehörde", role: "administration" },
};
const addAccounts = Object.values(ACCOUNTS)
  .map(
    (a) =>
      `printf '%s\\n' '${a.password}' | target/release/umsetzungsmonitor user add ` +
      `--email '${a.email}' --name '${a.name}' --organisation '${a.organisation}' --role ${a.role}` +
      (a.role === "admin" ? "" : ` --plan ${PLAN}`),
  )
  .join(" && ");

export default defineConfig({
  testDir: "./tests",
  // Two workers on a two-core CI machine that is sometimes half as fast as usual: the
  // longest tests (a meeting of ten edits, two voices) took 20–25 s there. A step that
  // hangs still fails after expect's 10 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The example catalogues first: roles are granted in a plan.
    command: `rm -f "${database}"* && ${importExamples} && ${addAccounts} && exec target/release/umsetzungsmonitor serve`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: database,
      ADDRESS: "127.0.0.1",
      PORT: String(port),
      LEPTOS_SITE_ROOT: "target/site",
      LEPTOS_ENV: "PROD",
      RUST_LOG: "warn",
    },
  },
});
