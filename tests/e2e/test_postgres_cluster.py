"""The throwaway PostgreSQL cluster of the e2e harness (postgres_cluster.py) itself, checked with psql alone: owned
by an unprivileged user, on loopback only, durable, a password role that refuses a wrong password, and a fresh
database per test."""
import os
import subprocess

from postgres_cluster import PASSWORD, PASSWORD_ROLE


def psql_as(url: str, sql: str):
    return subprocess.run(["psql", "-X", "-At", url, "-c", sql], capture_output=True, text=True, timeout=60)


def test_cluster_settings(postgres_cluster):
    settings = dict(line.split("|") for line in postgres_cluster.psql(
        "SELECT name, setting FROM pg_settings WHERE name IN "
        "('listen_addresses', 'fsync', 'synchronous_commit', 'unix_socket_directories', 'port')").splitlines())
    assert settings == {"listen_addresses": "127.0.0.1", "fsync": "on", "synchronous_commit": "on",
                        "unix_socket_directories": postgres_cluster.folder, "port": str(postgres_cluster.port)}
    owner = os.stat(postgres_cluster.data).st_uid
    assert owner != 0, "PostgreSQL runs as an unprivileged user"


def test_password_role_refuses_a_wrong_password(postgres_cluster, postgres_database):
    right = psql_as(postgres_cluster.url(postgres_database, PASSWORD_ROLE, PASSWORD), "SELECT current_user")
    assert right.returncode == 0, right.stderr
    assert right.stdout.strip() == PASSWORD_ROLE
    wrong = psql_as(postgres_cluster.url(postgres_database, PASSWORD_ROLE, "not-it"), "SELECT 1")
    assert wrong.returncode != 0
    assert "password authentication failed" in wrong.stderr


def test_each_test_gets_a_fresh_database(postgres_cluster, postgres_database):
    assert postgres_cluster.psql("SELECT current_database()", postgres_database).strip() == postgres_database
    assert postgres_cluster.psql(
        "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'api'", postgres_database).strip() == "0"
    postgres_cluster.psql("CREATE SCHEMA api; CREATE TABLE api.mark (x int)", postgres_database)
    other = postgres_cluster.create_database()
    try:
        assert other != postgres_database
        assert postgres_cluster.psql(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'api'", other).strip() == "0"
    finally:
        postgres_cluster.drop_database(other)
