#!/usr/bin/env python3
"""bench/scale's sizes, counted in instructions instead of timed: the work an event costs.

bench/scale times each size, so its figure is instructions plus the waits for memory, and on a
large model most of the growth is the waits (bench/README.md, "Scale"). This runs each size
(the ones `bench/scale --sizes` prints) under callgrind, collecting only inside World::run
(the world's construction apart, as bench/scale times it), and divides the instructions by the
trace events. Neither the machine nor its load changes the counts: work that grows with the
number of sessions on every event (a scan, a tree walk) shows here, the memory hierarchy does
not.

Prints a Markdown table per model and a line per model for scripts:
  SCALE-INSTRUCTIONS model=zookeeper sizes=7 smallest=1000 largest=64000 smallest_ir=... largest_ir=... ratio=...

The counts are the binary's: another compiler or build type gives other ones (a rebuild of the
same source with the same compiler gave the same ZooKeeper rows and ZBS rows within 0.1 %).
Needs valgrind and a build with symbols (RelWithDebInfo, the default): callgrind finds
World::run by name.

usage: bench/scale_instructions.py [BUILD/bench/scale] [--zk-max N] [--zbs-max N]
(about 3 minutes for the default sizes: callgrind runs some 50 times slower than the program)
"""
import os
import re
import shutil
import subprocess
import sys

USAGE = next(line for line in __doc__.splitlines() if line.startswith("usage:"))
args = sys.argv[1:]
if args and args[0] in ("-h", "--help"):
    print(__doc__.strip())
    sys.exit(0)
SCALE = args.pop(0) if args and not args[0].startswith("-") else "build/bench/scale"
limits = []  # --zk-max N, --zbs-max N: handed to bench/scale, which checks them
while args:
    if len(args) < 2 or args[0] not in ("--zk-max", "--zbs-max"):
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    limits += args[:2]
    args = args[2:]
if not os.access(SCALE, os.X_OK):
    print(f"scale_instructions.py: {SCALE}: no bench/scale there (build it, or name it first)", file=sys.stderr)
    sys.exit(2)
if shutil.which("valgrind") is None:
    print("scale_instructions.py: valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
    sys.exit(2)


def sizes():
    """bench/scale's own sizes, as it prints them: {model: [size, ...]}."""
    cmd = [SCALE, "--sizes"] + limits
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode == 2:  # a limit it refuses: its message says which
        print(r.stderr, end="", file=sys.stderr)
        sys.exit(2)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    return {line.split()[0]: [int(n) for n in line.split()[1:]] for line in r.stdout.splitlines()}


def count(model, size):
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           "--toggle-collect=leasesim::harness::World::run*",
           SCALE, "--only", f"{model}:{size}", "--repeat", "1", "--min-cpu", "0"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    collected = re.search(r"Collected : (\d+)", r.stderr)
    row = re.search(rf"^\s+{size}\s+(\d+)\s+(\d+)\s.*\s([0-9a-f]{{16}})$", r.stdout, re.M)
    if not collected or not row:
        sys.exit(f"{' '.join(cmd)}: no instruction count or row in its output\n{r.stdout}{r.stderr}")
    if int(collected.group(1)) == 0 or int(row.group(1)) == 0:
        sys.exit(f"{' '.join(cmd)}: no instructions collected inside leasesim::harness::World::run "
                 "(a binary without symbols, or the function renamed?)")
    return int(collected.group(1)), int(row.group(1)), row.group(3)


def main():
    measured = sizes()
    for model, unit in (("zookeeper", "clients"), ("zbs", "followers")):
        print(f"| {model} {unit} | trace events | instructions in World::run | per event | trace |")
        print("|---|---|---|---|---|")
        per_event = []
        for size in measured[model]:
            ir, events, trace = count(model, size)
            per_event.append(ir / events)
            print(f"| {size:,} | {events:,} | {ir:,} | {ir / events:,.1f} | {trace} |", flush=True)
        ratio = per_event[-1] / per_event[0]
        print(f"\nlargest / smallest: {ratio:.3f}\n")
        print(f"SCALE-INSTRUCTIONS model={model} sizes={len(per_event)} smallest={measured[model][0]} "
              f"largest={measured[model][-1]} smallest_ir={per_event[0]:.1f} largest_ir={per_event[-1]:.1f} "
              f"ratio={ratio:.3f}\n", flush=True)


main()
