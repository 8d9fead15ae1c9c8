#!/usr/bin/env python3
"""Crash safety: concurrent writers against the release server, which is killed with
SIGKILL at random moments and restarted, round after round.

Writers create milestones, save milestone notes and post status updates through the
HTTP API, each with a unique marker, and remember every write that got a success
answer. After every kill the database is checked: `PRAGMA integrity_check` must say ok
and every acknowledged write must be there. Exits 1 on any loss.

Usage: bench/crash-safety.py [--rounds 25] [--writers 8] [--binary target/release/umsetzungsmonitor]
(build first: scripts/build.sh). Standard library only.
"""

import argparse
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

# The example catalogue's plan: forms name the plan they write to.
PLAN = "potsdam-ag-auslaenderbehoerde"

EMAIL = "absturz@test.invalid"
PASSWORD = "absturz-test-passwort-2026"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--port", type=int, default=3400)
    parser.add_argument("--binary", default="target/release/umsetzungsmonitor")
    parser.add_argument("--seed", type=int, default=None)
    return parser.parse_args()


class Server:
    def __init__(self, binary, database, port, log):
        self.binary, self.database, self.port, self.log = binary, database, port, log
        self.process = None

    def env(self):
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.database,
            PORT=str(self.port),
            LEPTOS_SITE_ROOT="target/site",
            RUST_LOG="warn",
        )
        return env

    def add_admin(self):
        subprocess.run(
            [self.binary, "user", "add", "--email", EMAIL, "--name", "Absturztest",
             "--organisation", "Messung", "--role", "admin"],
            input=PASSWORD.encode(), env=self.env(), check=True, stdout=subprocess.DEVNULL,
        )

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "serve"], env=self.env(), stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/api/konto")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"server ended with {self.process.returncode}, see log")
            time.sleep(0.02)
        raise SystemExit("server did not answer within 30 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def verify(self):
        """`umsetzungsmonitor verify`: the hash chain and every record against its history."""
        result = subprocess.run([self.binary, "verify"], env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return result.returncode == 0, result.stdout.decode(errors="replace")


def login(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD})
    connection.request("POST", "/api/anmelden", body, headers(None))
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"login failed: {response.status}")
    cookie = response.getheader("Set-Cookie").split(";")[0]
    return cookie


def headers(cookie):
    result = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "Sec-Fetch-Site": "same-origin",
    }
    if cookie:
        result["Cookie"] = cookie
    return result


class Writer(threading.Thread):
    """Writes until stopped; records every write the server acknowledged with 200."""

    def __init__(self, number, port, state, milestone_id):
        super().__init__(daemon=True)
        self.number, self.port, self.state, self.milestone_id = number, port, state, milestone_id
        self.stop = threading.Event()
        self.sequence = 0
        self.acknowledged = []  # (kind, marker)
        self.failed = 0
        self.connection = None

    def request(self, method, path, body=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            self.connection.request(method, path, body, headers(self.state["cookie"]))
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = None
            return None, b""

    def run(self):
        while not self.stop.is_set():
            self.sequence += 1
            marker = f"absturz-w{self.number}-{self.sequence}"
            kind = ("meldung", "notiz", "neu")[self.sequence % 3]
            if kind == "meldung":
                form = {"plan": PLAN, "package": 1 + self.number % 13, "occurred_on": "2026-11-20",
                        "body": f"Statusmeldung {marker}", "link": ""}
                status, _ = self.request("POST", "/api/bearbeiten/meldung", urllib.parse.urlencode(form))
            elif kind == "notiz":
                status, raw = self.request("GET", f"/api/bearbeiten/meilenstein?plan={PLAN}&id={self.milestone_id}")
                if status == 200:
                    view = json.loads(raw)
                    form = dict(view["values"])
                    form.pop("demanded", None)
                    form.pop("reason", None)
                    form.update(id=self.milestone_id, version=view["version"], public_note=f"Notiz {marker}")
                    status, _ = self.request("POST", "/api/bearbeiten/meilenstein-speichern",
                                             urllib.parse.urlencode(form))
            else:
                form = {"plan": PLAN, "package": 1 + self.number % 13, "title": f"Meilenstein {marker}",
                        "description": "", "status": "offen", "forecast": "", "completed": "",
                        "public_note": "", "internal_note": "", "evidence": ""}
                status, _ = self.request("POST", "/api/bearbeiten/meilenstein-anlegen",
                                         urllib.parse.urlencode(form))
            if status == 200:
                self.acknowledged.append((kind, marker))
            else:
                self.failed += 1
                if status is None:
                    time.sleep(0.01)  # server down: try again shortly


def check(database, writers):
    """Integrity and presence of every acknowledged write; returns (ok, lost list)."""
    connection = sqlite3.connect(database)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        bodies = {row[0] for row in connection.execute("SELECT body FROM status_update")}
        titles = {row[0] for row in connection.execute("SELECT title FROM milestone")}
        notes = {row[0] for row in connection.execute(
            "SELECT new_value FROM history_entry WHERE entity = 'milestone' AND field = 'public_note'")}
        # Every history entry belongs to a row that exists, and the other way round.
        orphans = connection.execute(
            "SELECT count(*) FROM status_update s WHERE NOT EXISTS (SELECT 1 FROM history_entry h "
            "WHERE h.entity = 'status_update' AND h.entity_id = s.id)").fetchone()[0]
    finally:
        connection.close()
    lost = []
    for writer in writers:
        for kind, marker in list(writer.acknowledged):
            present = {
                "meldung": f"Statusmeldung {marker}" in bodies,
                "notiz": f"Notiz {marker}" in notes,
                "neu": f"Meilenstein {marker}" in titles,
            }[kind]
            if not present:
                lost.append((kind, marker))
    return integrity, lost, orphans


def main():
    args = parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    rng = random.Random(args.seed)
    workdir = tempfile.mkdtemp(prefix="absturztest-")
    database = os.path.join(workdir, "absturz.sqlite")
    log = open(os.path.join(workdir, "server.log"), "ab")
    server = Server(args.binary, database, args.port, log)
    server.add_admin()
    server.start()  # first start: example catalogue
    milestones = [row[0] for row in sqlite3.connect(database).execute(
        "SELECT id FROM milestone ORDER BY id LIMIT ?", (args.writers,))]
    state = {"cookie": login(args.port)}
    writers = [Writer(n, args.port, state, milestones[n % len(milestones)]) for n in range(args.writers)]
    for writer in writers:
        writer.start()
    total_lost = 0
    chain_breaks = 0
    started = time.monotonic()
    for round_number in range(1, args.rounds + 1):
        time.sleep(rng.uniform(0.2, 2.0))
        server.kill()
        acknowledged = sum(len(w.acknowledged) for w in writers)
        integrity, lost, orphans = check(database, writers)
        total_lost += len(lost)
        chain_ok, chain_said = server.verify()
        chain_breaks += not chain_ok
        print(f"Runde {round_number:2}: SIGKILL nach {acknowledged} bestätigten Schreibvorgängen; "
              f"integrity_check={integrity}, verloren={len(lost)}, Meldungen ohne Verlauf={orphans}, "
              f"Hash-Kette {'intakt' if chain_ok else 'GEBROCHEN'}",
              flush=True)
        if integrity != "ok" or lost or orphans or not chain_ok:
            print("Verloren:", lost[:10], file=sys.stderr)
            print(chain_said, file=sys.stderr)
            break
        server.start()
        state["cookie"] = login(args.port)
    for writer in writers:
        writer.stop.set()
    for writer in writers:
        writer.join()
    server.kill()
    integrity, lost, orphans = check(database, writers)
    total_lost = max(total_lost, len(lost))
    chain_ok, chain_said = server.verify()
    chain_breaks += not chain_ok
    by_kind = {}
    for writer in writers:
        for kind, _ in writer.acknowledged:
            by_kind[kind] = by_kind.get(kind, 0) + 1
    acknowledged = sum(by_kind.values())
    failed = sum(w.failed for w in writers)
    print()
    print(f"Runden (SIGKILL + Neustart): {round_number}")
    print(f"Schreiber: {args.writers}, Dauer: {time.monotonic() - started:.0f} s")
    print(f"Bestätigte Schreibvorgänge: {acknowledged} "
          f"(Statusmeldungen {by_kind.get('meldung', 0)}, Meilenstein-Notizen {by_kind.get('notiz', 0)}, "
          f"neue Meilensteine {by_kind.get('neu', 0)})")
    print(f"Nicht bestätigt (Server weg oder Konflikt): {failed}")
    print(f"Verloren: {total_lost}")
    print(f"integrity_check am Ende: {integrity}")
    print(f"Hash-Kette (verify nach jeder Runde und am Ende): "
          f"{'intakt' if chain_breaks == 0 else f'{chain_breaks}× gebrochen'}")
    if not chain_ok:
        print(chain_said)
    print(f"Datenbank und Server-Log: {workdir}")
    sys.exit(0 if total_lost == 0 and integrity == "ok" and orphans == 0 and chain_breaks == 0
             else 1)


if __name__ == "__main__":
    main()
