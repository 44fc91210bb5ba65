#!/usr/bin/env python3
"""Seeded inputs for bench/run.sh: the same seed always gives the same bytes.

    python3 bench/gen.py OUT_DIR [--seed N] [--big-mb 64] [--db1m]

writes OUT_DIR/small.json (one small object), OUT_DIR/big.json (an array of nested records of at least
--big-mb MiB, compact, as an API would send it), OUT_DIR/db10k.json and OUT_DIR/db100k.json (json-server
style databases: {"users": [...]}, pretty-printed with 2 spaces, ids 1..N), and with --db1m OUT_DIR/db1m.json
(the same, 1,000,000 users, about 190 MB; bench/run.sh caches it outside the repository).
"""

import argparse
import json
import os
import random

FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Niklaus", "Zoë", "José"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Wirth"]
CITIES = [("London", "UK"), ("New York", "US"), ("Zürich", "CH"), ("Kraków", "PL"), ("Tokyo", "JP"), ("Lagos", "NG")]
ROLES = ["admin", "editor", "viewer", "owner"]
TAGS = ["alpha", "beta", "gamma", "delta", "\"quoted\"", "tab\there", "émoji 🚀", "slash/path"]


def person(rng, n):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, country = rng.choice(CITIES)
    return {
        "id": n,
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}{n}@example.com",
        "age": rng.randint(18, 90),
        "role": rng.choice(ROLES),
        "active": rng.random() < 0.7,
        "address": {"city": city, "country": country, "zip": f"{rng.randint(10000, 99999)}"},
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
    }


def record(rng, n):
    item = person(rng, n)
    item["score"] = round(rng.uniform(-1000, 1000), 3)
    item["geo"] = {"lat": round(rng.uniform(-90, 90), 6), "lng": round(rng.uniform(-180, 180), 6)}
    item["orders"] = [
        {
            "id": f"o-{n}-{k}",
            "total": round(rng.uniform(1, 500), 2),
            "paid": rng.random() < 0.5,
            "note": None if rng.random() < 0.8 else "leave at the door\nring twice",
            "items": [
                {"sku": f"SKU{rng.randint(0, 99999):05d}", "qty": rng.randint(1, 9), "price": rng.randint(100, 9999) / 100}
                for _ in range(rng.randint(1, 3))
            ],
        }
        for k in range(rng.randint(0, 3))
    ]
    return item


def write_small(path, rng):
    value = {
        "id": 1,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "roles": ["admin", "editor"],
        "active": True,
        "balance": 1234.5,
        "address": {"city": "London", "country": "UK", "zip": "NW1 6XE"},
        "seed_check": rng.randint(0, 10**9),
    }
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=2)
        out.write("\n")


def write_big(path, rng, megabytes):
    limit = megabytes * 1024 * 1024
    size = 0
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("[")
        size += 1
        chunk = []
        while size < limit:
            n += 1
            text = ("," if n > 1 else "") + json.dumps(record(rng, n), ensure_ascii=False, separators=(",", ":"))
            chunk.append(text)
            size += len(text.encode("utf-8"))
            if len(chunk) == 1000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
        out.write("]\n")
    return n


def write_db(path, rng, count):
    users = [person(rng, n) for n in range(1, count + 1)]
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"users": users}, out, ensure_ascii=False, indent=2)
        out.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--big-mb", type=int, default=64)
    parser.add_argument("--db1m", action="store_true", help="only write db1m.json (1,000,000 users)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.db1m:
        write_db(os.path.join(args.out, "db1m.json"), random.Random(args.seed + 4), 1_000_000)
        print(f"gen: seed {args.seed}, db1m.json")
        return
    os.makedirs(args.out, exist_ok=True)
    # One generator per file, so changing one input's size does not change the others.
    write_small(os.path.join(args.out, "small.json"), random.Random(args.seed))
    records = write_big(os.path.join(args.out, "big.json"), random.Random(args.seed + 1), args.big_mb)
    write_db(os.path.join(args.out, "db10k.json"), random.Random(args.seed + 2), 10_000)
    write_db(os.path.join(args.out, "db100k.json"), random.Random(args.seed + 3), 100_000)
    print(f"gen: seed {args.seed}, big.json {records} records")


if __name__ == "__main__":
    main()
