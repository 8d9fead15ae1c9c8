#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster in a temporary directory (issue 22).

Debian's PostgreSQL 15 or newer (`scripts/setup.sh test` installs it); as root, the cluster
runs as the `postgres` user. It listens on a Unix socket in its directory only, trusts its
one role `umsetzungsmonitor`, and is removed when stopped.

    scripts/postgres.py -- COMMAND ...

starts a cluster, runs COMMAND with `TEST_DATABASE_URL` set to its `postgres` database
(`postgres://umsetzungsmonitor@localhost/postgres?host=DIR`), stops the cluster and exits
with COMMAND's status. `scripts/test.sh` runs the integration suite on PostgreSQL so;
`scripts/compare-schemas.py` imports `Cluster`.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        sys.exit("PostgreSQL fehlt: scripts/setup.sh test installiert es (Paket postgresql)")
    return os.path.dirname(found[-1])


class Cluster:
    """A PostgreSQL cluster in a temporary directory, reached by its Unix socket."""

    def __init__(self, keep=False):
        self.bin = postgres_bin()
        self.dir = tempfile.mkdtemp(prefix="umsetzungsmonitor-pg-")
        self.keep = keep
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres")
        data = os.path.join(self.dir, "data")
        self.run(["initdb", "-D", data, "-U", "umsetzungsmonitor", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8"])
        self.run(["pg_ctl", "-D", data, "-l", os.path.join(self.dir, "log"), "-w",
                  "-o", f"-k {self.dir} -c listen_addresses=''", "start"])
        self.data = data

    def run(self, command):
        command = [os.path.join(self.bin, command[0])] + command[1:]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--"] + command
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def psql(self, database, sql=None, file=None, check=True):
        command = ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                   "-h", self.dir, "-U", "umsetzungsmonitor", "-d", database]
        command += ["-f", file] if file else ["-c", sql]
        done = subprocess.run(command, capture_output=True, text=True)
        if check and done.returncode != 0:
            raise RuntimeError(done.stderr.strip())
        return done

    def rows(self, database, sql):
        out = self.psql(database, sql).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def stop(self):
        try:
            self.run(["pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])
        finally:
            if not self.keep:
                shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database="postgres"):
        """The address sqlx takes: the socket directory as `host`."""
        return f"postgres://umsetzungsmonitor@localhost/{database}?host={self.dir}"


def main():
    if "--" not in sys.argv:
        sys.exit("Aufruf: scripts/postgres.py -- BEFEHL ...")
    command = sys.argv[sys.argv.index("--") + 1:]
    cluster = Cluster()
    try:
        environment = dict(os.environ, TEST_DATABASE_URL=cluster.url())
        return subprocess.run(command, env=environment).returncode
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
