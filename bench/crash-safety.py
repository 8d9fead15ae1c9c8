#!/usr/bin/env python3
"""Crash safety: concurrent writers against the release server, which is killed with
SIGKILL at random moments and restarted, round after round.

Writers create milestones, save milestone notes and post status updates through the
HTTP API, each with a unique marker, and remember every write that got a success
answer. After every kill the database is checked: `PRAGMA integrity_check` must say ok
and every acknowledged write must be there. Exits 1 on any loss.

With `--instances 2` two servers run on the same database behind nginx (installed from
Debian if missing), the writers write through nginx, and each round kills one of the two
while the other goes on serving; with `--graceful` the round takes it out of nginx's
rotation (reload), stops it with SIGTERM, starts it again and puts it back (a rolling
restart), and then every write must be acknowledged: a request that fails counts as a
failure of the run.

With `--postgres` the database is a PostgreSQL cluster of its own in a temporary directory
(scripts/postgres.py; Debian's package); the check after each kill runs `amcheck` over every
index instead of `PRAGMA integrity_check`.

Usage: bench/crash-safety.py [--rounds 25] [--writers 8] [--instances 1|2] [--graceful]
       [--postgres] [--binary target/release/umsetzungsmonitor]
(build first: scripts/build.sh). Standard library only.
"""

import argparse
import atexit
import http.client
import json
import os
import random
import shutil
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
    parser.add_argument("--instances", type=int, choices=(1, 2), default=1)
    parser.add_argument("--graceful", action="store_true",
                        help="stop with SIGTERM (a rolling restart) instead of SIGKILL")
    parser.add_argument("--postgres", action="store_true",
                        help="on a throwaway PostgreSQL cluster instead of a SQLite file")
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
            UMSETZUNGSMONITOR_TRUSTED_PROXIES="127.0.0.1",
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

    def terminate(self):
        """SIGTERM: the server finishes the requests it has and stops."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            raise SystemExit("server did not stop within 30 s of SIGTERM")

    def verify(self):
        """`umsetzungsmonitor verify`: the hash chain and every record against its history."""
        result = subprocess.run([self.binary, "verify"], env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return result.returncode == 0, result.stdout.decode(errors="replace")


class Nginx:
    """nginx in front of the instances: each request goes to one of them, and to the
    other when the first refuses the connection (what an operator's configuration does,
    README "Several instances")."""

    def __init__(self, workdir, port, upstream_ports):
        self.workdir, self.port, self.upstream_ports = workdir, port, upstream_ports
        if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
            subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True,
                           stdout=subprocess.DEVNULL)
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.temp = os.path.join(workdir, "nginx-tmp")
        os.makedirs(self.temp, exist_ok=True)
        os.chmod(self.temp, 0o777)
        self.conf = os.path.join(workdir, "nginx.conf")
        self.write(down=())
        self.process = subprocess.Popen([self.binary, "-c", self.conf, "-g", "daemon off;"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/api/konto")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise SystemExit(f"nginx does not answer, see {workdir}/nginx-error.log")

    def write(self, down):
        # Never marked down by failures: a refused connection (an instance that crashed)
        # costs nothing on this machine and goes to the next instance at once. With
        # max_fails=1 one refusal marked an instance down for fail_timeout, also right
        # after it came back, and a restart of the other in that time left no live
        # instance (HTTP 502).
        servers = "\n".join(
            f"    server 127.0.0.1:{p} max_fails=0{' down' if p in down else ''};"
            for p in self.upstream_ports)
        with open(self.conf, "w") as conf:
            conf.write(f"""worker_processes 1;
pid {self.workdir}/nginx.pid;
error_log {self.workdir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.temp}/body;
  proxy_temp_path {self.temp}/proxy;
  upstream umsetzungsmonitor {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://umsetzungsmonitor;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_next_upstream error timeout http_502 http_503;
    }}
  }}
}}
""")

    def drain(self, port, down=True):
        """Takes an instance out of (or back into) the rotation with a reload: the old
        workers finish what they have, the new ones send it nothing more. Without this, a
        request sent on a kept-alive connection just as the instance closed it got a 502
        (nginx does not send a POST a second time): 1 in 32,290 in a 25-round run."""
        self.write(down={port} if down else set())
        subprocess.run([self.binary, "-c", self.conf, "-s", "reload"], check=True)
        time.sleep(0.5)

    def stop(self):
        self.process.terminate()
        self.process.wait()


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
        self.failures = {}  # status (None: no answer) → count
        self.resent = 0  # sent again after a closed kept-alive connection
        self.connection = None

    def request(self, method, path, body=None):
        reused = self.connection is not None
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            self.connection.request(method, path, body, headers(self.state["cookie"]))
            response = self.connection.getresponse()
            return response.status, response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()
            self.connection = None
            # A kept-alive connection the other side closed just as the request went out
            # (nginx's old workers close idle ones at a reload): the request was not
            # answered, and a browser sends it again on a new connection – so do we, once,
            # in a rolling restart (after a SIGKILL the request may have been committed).
            if reused and self.state.get("resend"):
                self.resent += 1
                return self.request(method, path, body)
            return None, b""
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
                self.failures[status] = self.failures.get(status, 0) + 1
                if status is None:
                    time.sleep(0.01)  # server down: try again shortly


class SqliteFile:
    """The database as a SQLite file, read with Python's sqlite3."""

    def __init__(self, path):
        self.url = path

    def rows(self, sql):
        connection = sqlite3.connect(self.url)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def integrity(self):
        return self.rows("PRAGMA integrity_check")[0][0]

    def stop(self):
        pass


class Postgres:
    """The database on a PostgreSQL cluster of its own, read with psql."""

    def __init__(self):
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
        from postgres import Cluster
        self.cluster = Cluster()
        self.cluster.psql("postgres", "CREATE DATABASE absturz")
        self.cluster.psql("absturz", "CREATE EXTENSION amcheck")
        self.url = self.cluster.url("absturz")

    def rows(self, sql):
        return [tuple(row) for row in self.cluster.rows("absturz", sql)]

    def integrity(self):
        """amcheck over every B-tree index of the app's tables (heap and index agree)."""
        done = self.cluster.psql("absturz", (
            "SELECT bt_index_check(c.oid, true) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'"), check=False)
        return "ok" if done.returncode == 0 else done.stderr.strip()

    def stop(self):
        self.cluster.stop()


def check(database, writers):
    """Integrity and presence of every acknowledged write; returns (ok, lost list)."""
    # What was acknowledged before the database is read: with two instances the writers
    # go on, and a write acknowledged after the read is not yet in what was read.
    acknowledged = [list(writer.acknowledged) for writer in writers]
    integrity = database.integrity()
    bodies = {row[0] for row in database.rows("SELECT body FROM status_update")}
    titles = {row[0] for row in database.rows("SELECT title FROM milestone")}
    notes = {row[0] for row in database.rows(
        "SELECT new_value FROM history_entry WHERE entity = 'milestone' AND field = 'public_note'")}
    # Every history entry belongs to a row that exists, and the other way round.
    orphans = int(database.rows(
        "SELECT count(*) FROM status_update s WHERE NOT EXISTS (SELECT 1 FROM history_entry h "
        "WHERE h.entity = 'status_update' AND h.entity_id = s.id)")[0][0])
    lost = []
    for written in acknowledged:
        for kind, marker in written:
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
    database = Postgres() if args.postgres else SqliteFile(os.path.join(workdir, "absturz.sqlite"))
    atexit.register(database.stop)  # the cluster stops also when a round fails
    log = open(os.path.join(workdir, "server.log"), "ab")
    # One instance answers on --port itself; several answer behind nginx there.
    several = args.instances > 1
    servers = [Server(args.binary, database.url, args.port + several * (1 + i), log)
               for i in range(args.instances)]
    servers[0].add_admin()
    for server in servers:
        server.start()  # the first start reads the example catalogue
    nginx = Nginx(workdir, args.port, [s.port for s in servers]) if several else None
    milestones = [int(row[0]) for row in database.rows(
        f"SELECT id FROM milestone ORDER BY id LIMIT {int(args.writers)}")]
    state = {"cookie": login(args.port), "resend": args.graceful}
    writers = [Writer(n, args.port, state, milestones[n % len(milestones)]) for n in range(args.writers)]
    how = "SIGTERM" if args.graceful else "SIGKILL"
    for writer in writers:
        writer.start()
    total_lost = 0
    chain_breaks = 0
    started = time.monotonic()
    for round_number in range(1, args.rounds + 1):
        time.sleep(rng.uniform(0.2, 2.0))
        victim = servers[(round_number - 1) % len(servers)]
        if args.graceful:
            if nginx:
                nginx.drain(victim.port)
            victim.terminate()
        else:
            victim.kill()
        acknowledged = sum(len(w.acknowledged) for w in writers)
        integrity, lost, orphans = check(database, writers)
        total_lost += len(lost)
        chain_ok, chain_said = victim.verify()
        chain_breaks += not chain_ok
        which = f" an Instanz :{victim.port}" if several else ""
        print(f"Runde {round_number:2}: {how}{which} nach {acknowledged} bestätigten Schreibvorgängen; "
              f"integrity_check={integrity}, verloren={len(lost)}, Meldungen ohne Verlauf={orphans}, "
              f"Hash-Kette {'intakt' if chain_ok else 'GEBROCHEN'}",
              flush=True)
        if integrity != "ok" or lost or orphans or not chain_ok:
            print("Verloren:", lost[:10], file=sys.stderr)
            print(chain_said, file=sys.stderr)
            break
        victim.start()
        if nginx and args.graceful:
            nginx.drain(victim.port, down=False)
        if not several:
            state["cookie"] = login(args.port)
    for writer in writers:
        writer.stop.set()
    for writer in writers:
        writer.join()
    for server in servers:
        server.kill()
    if nginx:
        nginx.stop()
    integrity, lost, orphans = check(database, writers)
    total_lost = max(total_lost, len(lost))
    chain_ok, chain_said = servers[0].verify()
    chain_breaks += not chain_ok
    by_kind = {}
    for writer in writers:
        for kind, _ in writer.acknowledged:
            by_kind[kind] = by_kind.get(kind, 0) + 1
    acknowledged = sum(by_kind.values())
    failed = sum(w.failed for w in writers)
    print()
    print(f"Runden ({how} + Neustart): {round_number}")
    print(f"Datenbank: {'PostgreSQL' if args.postgres else 'SQLite'}; "
          f"Instanzen: {args.instances}{' hinter nginx' if several else ''}, "
          f"Schreiber: {args.writers}, Dauer: {time.monotonic() - started:.0f} s")
    print(f"Bestätigte Schreibvorgänge: {acknowledged} "
          f"(Statusmeldungen {by_kind.get('meldung', 0)}, Meilenstein-Notizen {by_kind.get('notiz', 0)}, "
          f"neue Meilensteine {by_kind.get('neu', 0)})")
    failures = {}
    for writer in writers:
        for status, count in writer.failures.items():
            failures[status or "keine Antwort"] = failures.get(status or "keine Antwort", 0) + count
    print(f"Nicht bestätigt (Server weg oder Konflikt): {failed} {failures if failures else ''}")
    print(f"Erneut gesendet (geschlossene Keep-alive-Verbindung, wie ein Browser): "
          f"{sum(w.resent for w in writers)}")
    # A rolling restart behind nginx must not lose a single request.
    dropped = failed if several and args.graceful else 0
    print(f"Verloren: {total_lost}")
    print(f"{'amcheck' if args.postgres else 'integrity_check'} am Ende: {integrity}")
    print(f"Hash-Kette (verify nach jeder Runde und am Ende): "
          f"{'intakt' if chain_breaks == 0 else f'{chain_breaks}× gebrochen'}")
    if not chain_ok:
        print(chain_said)
    print(f"{'Server-Log' if args.postgres else 'Datenbank und Server-Log'}: {workdir}")
    sys.exit(0 if total_lost == 0 and integrity == "ok" and orphans == 0 and chain_breaks == 0
             and dropped == 0 else 1)


if __name__ == "__main__":
    main()
