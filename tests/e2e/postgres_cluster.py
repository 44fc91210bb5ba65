"""A throwaway PostgreSQL cluster for the tests and the benchmark: initdb in a temporary folder, pg_ctl on a free
loopback port, readiness checked with pg_isready, stopped and removed at the end.

PostgreSQL refuses to run as root, and CI runs as root: the cluster then belongs to the `postgres` system user
(Debian's package creates it) and initdb / pg_ctl run through `runuser -u postgres --`. Clients (psql, pgbench,
`api serve`) connect over TCP on 127.0.0.1 as any user.

Authentication (pg_hba.conf): the superuser `postgres` is trusted on loopback; every other role needs its password
(scram-sha-256), so a test can check that a wrong password is refused. One such role is made: PASSWORD_ROLE.

Also a command for shell scripts (bench/run.sh):
    python3 tests/e2e/postgres_cluster.py start [--max-connections N] [--shared-buffers SIZE]
        prints the folder on the first line and the superuser's URL (postgres://postgres@127.0.0.1:PORT/postgres)
        on the second, and leaves the cluster running;
    python3 tests/e2e/postgres_cluster.py stop FOLDER
        stops it and removes the folder.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SUPERUSER = "postgres"
PASSWORD_ROLE = "api_secret"
PASSWORD = "s3cret-Pw-7f1c"
HBA = f"""# written by tests/e2e/postgres_cluster.py
local all all trust
host all {SUPERUSER} 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


class ClusterError(RuntimeError):
    """PostgreSQL could not be found, created or started; the message says why."""


def find_bindir() -> str:
    """The folder of initdb and pg_ctl: `pg_config --bindir` first, else the newest /usr/lib/postgresql/*/bin."""
    candidates = []
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, timeout=30)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    except (OSError, subprocess.TimeoutExpired):
        pass

    def version(path: str) -> int:
        name = path.split("/")[-2]
        return int(name) if name.isdigit() else 0

    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for folder in candidates:
        if all(os.access(os.path.join(folder, tool), os.X_OK) for tool in ("initdb", "pg_ctl")):
            return folder
    raise ClusterError("no initdb/pg_ctl found (pg_config --bindir, /usr/lib/postgresql/*/bin): "
                       "install PostgreSQL (make test-deps: apt-get install postgresql)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, max_connections: int = 200, shared_buffers: str = "32MB"):
        self.bindir = find_bindir()
        self.max_connections = max_connections
        self.shared_buffers = shared_buffers
        self.folder = None
        self.port = None
        self.as_owner = []  # the command prefix that runs a server-side tool as the cluster's owner
        self._databases = 0

    # ------------------------------------------------------------------------------------------- start and stop

    def start(self) -> "Cluster":
        self.folder = tempfile.mkdtemp(prefix="api-pg-")
        try:
            if os.geteuid() == 0:
                try:
                    owner = pwd.getpwnam("postgres")
                except KeyError:
                    raise ClusterError("running as root, and there is no `postgres` system user to run PostgreSQL "
                                       "(Debian's postgresql package creates it)") from None
                os.chown(self.folder, owner.pw_uid, owner.pw_gid)
                self.as_owner = ["runuser", "-u", "postgres", "--"]
            self._tool("initdb", "-D", self.data, "-U", SUPERUSER, "--encoding=UTF8", "--no-locale",
                       "--auth=trust", "--no-instructions", timeout=120)
            self._write_config()
            self._start_on_a_free_port()
            self._wait_ready()
            self.psql(f"CREATE ROLE {PASSWORD_ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
            return self
        except BaseException:
            self.stop()
            raise

    @property
    def data(self) -> str:
        return os.path.join(self.folder, "data")

    @property
    def log(self) -> str:
        return os.path.join(self.folder, "postgres.log")

    def _tool(self, name: str, *args, timeout=60):
        command = [*self.as_owner, os.path.join(self.bindir, name), *args]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.folder)
        except subprocess.TimeoutExpired:
            raise ClusterError(f"{name} did not finish in {timeout}s: {' '.join(command)}") from None
        if result.returncode != 0:
            raise ClusterError(f"{name} exited {result.returncode}: {(result.stderr or result.stdout).strip()}"
                               f"{self._log_tail()}")
        return result

    def _log_tail(self) -> str:
        try:
            with open(self.log, errors="replace") as log:
                return "\npostgres.log:\n" + "".join(log.readlines()[-20:])
        except OSError:
            return ""

    def _write_config(self):
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as hba:
            hba.write(HBA)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write(
                "\n# tests/e2e/postgres_cluster.py\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\n"
                "fsync = on\n"
                "synchronous_commit = on\n"
                f"shared_buffers = {self.shared_buffers}\n"
                f"max_connections = {self.max_connections}\n"
                "password_encryption = 'scram-sha-256'\n"
                "log_min_messages = warning\n"
            )

    def _start_on_a_free_port(self):
        last = None
        for _ in range(5):  # another process may take the free port between the probe and the bind
            self.port = free_port()
            try:
                self._tool("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60",
                           "-o", f"-p {self.port}", "start", timeout=90)
                return
            except ClusterError as error:
                last = error
                if "could not bind" not in self._log_tail() and "already in use" not in self._log_tail():
                    raise
        raise last

    def _wait_ready(self, timeout: float = 60.0):
        """pg_isready until it answers 0 (accepting connections): pg_ctl -w has already waited, this confirms it
        over the TCP address the clients use."""
        isready = os.path.join(self.bindir, "pg_isready")
        deadline = time.monotonic() + timeout
        while True:
            result = subprocess.run([isready, "-q", "-h", "127.0.0.1", "-p", str(self.port), "-t", "5"],
                                    capture_output=True, timeout=30)
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise ClusterError(f"pg_isready still answers {result.returncode} after {timeout}s"
                                   f"{self._log_tail()}")
            time.sleep(0.05)  # polling interval of the readiness check, not a wait for it

    def stop(self):
        if self.folder is None:
            return
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            subprocess.run([*self.as_owner, os.path.join(self.bindir, "pg_ctl"), "-D", self.data, "-m", "immediate",
                            "-w", "-t", "60", "stop"], capture_output=True, timeout=90, cwd="/")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    # ---------------------------------------------------------------------------------------------- clients

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None,
            port: int | None = None) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgres://{user}{secret}@127.0.0.1:{port or self.port}/{database}?sslmode=disable"

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Runs SQL as the superuser; returns psql's unaligned, tuples-only output."""
        result = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", SUPERUSER, "-d", database, "-c", sql],
            capture_output=True, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise ClusterError(f"psql: {result.stderr.strip()} (SQL: {sql})")
        return result.stdout

    def create_database(self, owner: str = SUPERUSER) -> str:
        """A new, empty database t_N; returns its name."""
        self._databases += 1
        name = f"t_{self._databases}"
        self.psql(f"CREATE DATABASE {name} OWNER {owner}")
        return name

    def drop_database(self, name: str):
        self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "start":
        options = dict(zip(argv[1::2], argv[2::2]))
        cluster = Cluster(max_connections=int(options.get("--max-connections", 200)),
                          shared_buffers=options.get("--shared-buffers", "32MB"))
        try:
            cluster.start()
        except ClusterError as error:
            print(f"postgres_cluster: {error}", file=sys.stderr)
            return 1
        print(cluster.folder)
        print(cluster.url())
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        cluster = Cluster()
        cluster.folder = argv[1]
        st = os.stat(cluster.folder)
        if os.geteuid() == 0 and st.st_uid != 0:
            cluster.as_owner = ["runuser", "-u", pwd.getpwuid(st.st_uid).pw_name, "--"]
        cluster.stop()
        return 0
    print("usage: postgres_cluster.py start [--max-connections N] [--shared-buffers SIZE] | stop FOLDER",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
