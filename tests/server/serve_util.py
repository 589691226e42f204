"""Helpers of the `sitrep serve` tests: stores made with the real CLI, a real server on a free
loopback port (started and stopped by the test), HTTP over http.client, and a throw-away
PostgreSQL cluster. Python stdlib only (the browser tests add selenium)."""
import http.client
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

BIN = os.environ.get("SITREP_BIN", "build/sitrep")
SOURCE = os.environ.get("SITREP_SOURCE_DIR", os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(SOURCE, "examples")
# The dashboard's colour of each ACLED event type (web/app.js).
TYPE_COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}
# Sanitizer builds are several times slower.
SLOW = os.environ.get("SITREP_SERVE_SLOW") == "1"
START_TIMEOUT = 180 if SLOW else 60


def run(args, timeout=600, **kw):
    return subprocess.run([BIN] + args, capture_output=True, timeout=timeout, **kw)


def make_store(db, inputs=(EXAMPLES,)):
    """Extracts `inputs` into the store `db` with `sitrep extract` (what setup.sh does)."""
    r = run(["extract", *inputs, "--db", db, "--quiet", "-o", os.devnull])
    if r.returncode not in (0, 1):
        raise RuntimeError("sitrep extract failed: " + r.stderr.decode())
    return db


def cli_events(db, *flags, fmt="jsonl"):
    """What `sitrep events --db` prints: bytes."""
    r = run(["events", "--db", db, "--format", fmt, *flags])
    if r.returncode != 0:
        raise RuntimeError("sitrep events failed: " + r.stderr.decode())
    return r.stdout


def jsonl(data):
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


class Server:
    """`sitrep serve` on 127.0.0.1 and a free port; stop() sends SIGTERM and waits."""

    def __init__(self, db, *flags, token=None, env=None):
        args = [BIN, "serve", "--db", db, "--port", "0", *flags]
        if token:
            args += ["--token", token]
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.stderr,
                                     env=dict(os.environ, **(env or {})))
        line = self._first_line()
        prefix = "sitrep serve: http://"
        self._errors = None
        if not line.startswith(prefix):
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            raise RuntimeError("sitrep serve did not start: %r\n%s" % (line, self.errors()))
        self.host, port = line[len(prefix):].split("/", 1)[0].rsplit(":", 1)
        self.port = int(port)
        self.base = "http://%s:%d" % (self.host, self.port)

    def _first_line(self):
        deadline = time.time() + START_TIMEOUT
        out = b""
        fd = self.proc.stdout.fileno()
        while time.time() < deadline and not out.endswith(b"\n"):
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                out += chunk
            elif self.proc.poll() is not None:
                break
        return out.decode(errors="replace")

    def errors(self):
        """What the server wrote on stderr (all of it once stopped)."""
        if self._errors is None and self.proc.poll() is not None:
            self.stderr.seek(0)
            self._errors = self.stderr.read().decode(errors="replace")
            self.stderr.close()
        if self._errors is not None:
            return self._errors
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def request(self, method, path, body=None, headers=None, timeout=120):
        """(status, headers dict with lower-case names, body bytes)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body).encode()
                headers = dict({"Content-Type": "application/json"}, **(headers or {}))
            elif isinstance(body, str):
                body = body.encode()
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            conn.close()

    def get_json(self, path, expect=200):
        status, headers, data = self.request("GET", path)
        if status != expect:
            raise AssertionError("GET %s: %d, expected %d: %s" % (path, status, expect, data[:500]))
        assert headers.get("content-type", "").startswith("application/json"), headers
        return json.loads(data)

    def stop(self):
        """Stops the server; its exit code (0 = a clean stop on SIGTERM)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("sitrep serve did not stop on SIGTERM")
        self.proc.stdout.close()
        self.errors()  # keeps the messages, closes the file
        return self.proc.returncode


def query(**params):
    """?a=1&b=2 from keyword arguments; lists repeat the parameter."""
    pairs = []
    for k, v in params.items():
        for item in (v if isinstance(v, (list, tuple)) else [v]):
            pairs.append((k, str(item)))
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


class PgCluster:
    """A throw-away PostgreSQL 15 cluster (initdb in a temp dir, loopback port, runuser
    postgres when root); why_not says why it is unavailable. Stop with stop()."""

    BIN = "/usr/lib/postgresql/15/bin/"

    def __init__(self):
        self.why_not = ""
        self.dir = None
        self.started = False
        self.databases = 0
        if not os.path.exists(self.BIN + "initdb"):
            self.why_not = "PostgreSQL 15 is not installed (Debian postgresql-15)"
            return
        if not os.path.exists("/usr/share/postgresql/15/extension/postgis.control"):
            self.why_not = "PostGIS is not installed (Debian postgresql-15-postgis-3)"
            return
        self.dir = tempfile.mkdtemp(prefix="sitrep-serve-pg-")
        self.as_user = []
        if os.geteuid() == 0:
            import pwd
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                self.why_not = "running as root and there is no postgres user"
                return
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        if not self._run("initdb", "-D", self.dir + "/data", "-U", "sitrep", "--auth=trust",
                         "-E", "UTF8", "--locale=C"):
            self.why_not = "initdb failed"
            return
        opts = ("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off" % (self.port, self.dir))
        if not self._run("pg_ctl", "-D", self.dir + "/data", "-l", self.dir + "/log", "-w",
                         "-o", opts, "start"):
            self.why_not = "the PostgreSQL server did not start (see %s/log)" % self.dir
            return
        self.started = True
        if not self._psql("CREATE DATABASE sitrep_template") or \
                not self._psql("CREATE EXTENSION postgis", "sitrep_template"):
            self.why_not = "cannot create the PostGIS template database"

    def _run(self, name, *args):
        r = subprocess.run(self.as_user + [self.BIN + name, *args], capture_output=True,
                           timeout=300)
        return r.returncode == 0

    def _psql(self, sql, db="postgres"):
        return self._run("psql", "-q", "-h", self.dir, "-p", str(self.port), "-U", "sitrep",
                         "-d", db, "-c", sql)

    def new_database(self):
        self.databases += 1
        name = "t%d" % self.databases
        if not self._psql("CREATE DATABASE %s TEMPLATE sitrep_template" % name):
            raise RuntimeError("cannot create a database")
        return "postgresql://sitrep@127.0.0.1:%d/%s" % (self.port, name)

    def stop(self):
        if self.started:
            self._run("pg_ctl", "-D", self.dir + "/data", "-m", "immediate", "-w", "stop")
            self.started = False
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
