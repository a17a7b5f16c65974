#!/usr/bin/env python3
"""Time to first violation with and without `explore --swarm`, on every space in scenarios/explore/.

For each space and seed 1..SEEDS, explores RUNS runs with and without --swarm and reads the JSON
summary: the runs until the first violation (first_violating_run + 1) and, for each distinct
violation, the first run that found it. Prints a Markdown table of medians over the seeds that
found it (with how many did). Counts, not times: the figures are the same on any machine.

usage: bench/explore_swarm.py [BUILD/leasesim] [RUNS] [SEEDS]
"""
import glob
import json
import statistics
import subprocess
import sys
import tempfile

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/leasesim"
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
SEEDS = int(sys.argv[3]) if len(sys.argv) > 3 else 10


def explore(space, seed, swarm):
    with tempfile.TemporaryDirectory() as out:
        cmd = [BIN, "explore", space, "--runs", str(RUNS), "--seed", str(seed), "--jobs", "2", "--json", "--out", out]
        if swarm:
            cmd.append("--swarm")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
        return json.loads(r.stdout)


def median(xs):
    return f"{statistics.median(xs):g} ({len(xs)}/{SEEDS})" if xs else f"- (0/{SEEDS})"


def main():
    print(f"| space | violation | runs to first: plain | with --swarm |")
    print("|---|---|---|---|")
    for space in sorted(glob.glob("scenarios/explore/*.yaml")):
        firsts = {False: [], True: []}
        per_sig = {}
        for swarm in (False, True):
            for seed in range(1, SEEDS + 1):
                s = explore(space, seed, swarm)
                if s["first_violating_run"] is not None:
                    firsts[swarm].append(s["first_violating_run"] + 1)
                for d in s["distinct"]:
                    per_sig.setdefault(d["signature"], {False: [], True: []})[swarm].append(d["run"] + 1)
        name = space.split("/")[-1][:-5]
        print(f"| `{name}` | any | {median(firsts[False])} | {median(firsts[True])} |")
        for sig in sorted(per_sig):
            print(f"| | `{sig}` | {median(per_sig[sig][False])} | {median(per_sig[sig][True])} |")
        sys.stdout.flush()


main()
