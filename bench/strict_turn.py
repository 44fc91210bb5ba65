#!/usr/bin/env python3
"""Runs commands in strict turn (A B C, A B C, ...: each started when the one before has ended, stdout to
/dev/null) and prints each one's median wall time and its ratio to the last command's. On a shared machine whose
speed drifts, this compares two commands more closely than separate runs do: each round sees the same phase.

    python3 bench/strict_turn.py ROUNDS 'CMD A' ['CMD B' ...] 'BASELINE'

Each command is split as a shell would split it (shlex), but not run through a shell. Every command runs once
before the rounds (a warm-up), then twice per round. A command that exits with a status other than 0 stops the
run (exit status 1) with a line naming it.

    python3 bench/strict_turn.py 12 \\
        ".build-bench/release/api get $URL -q '.[] | .name'" ".build-bench/release/api get $URL"
"""

import shlex
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: strict_turn.py ROUNDS 'CMD' ['CMD' ...] 'BASELINE' (ROUNDS: a whole number from 1)")
    rounds = int(sys.argv[1])
    commands = [shlex.split(text) for text in sys.argv[2:]]
    times = [[] for _ in commands]
    with open("/dev/null", "wb") as null:

        def run(index):
            started = time.perf_counter()
            status = subprocess.run(commands[index], stdout=null).returncode
            elapsed = time.perf_counter() - started
            if status != 0:
                sys.exit(f"strict_turn.py: {sys.argv[2 + index]!r} exited with {status}")
            return elapsed

        for index in range(len(commands)):
            run(index)
        for _ in range(rounds * 2):
            for index in range(len(commands)):
                times[index].append(run(index))
    baseline = statistics.median(times[-1])
    for index, text in enumerate(sys.argv[2:]):
        median = statistics.median(times[index])
        print(f"{median * 1000:8.1f} ms  {median / baseline:5.2f}x  {text}")


if __name__ == "__main__":
    main()
