#!/usr/bin/env python3
"""Each named function of the built binary still holds a prefetch instruction.

A prefetch changes nothing a program can see, so an optimiser may delete one, or a loop of
them, without a word: GCC 12 at -O2 compiled two of the engine's hooks to a bare return (the
network's prefetch_sends and the ZooKeeper server's prefetch_message, through the loop of
sim/prefetch.h's prefetch_object), and a benchmark only showed that nothing got faster. This
reads the object code instead (objdump), on x86-64; elsewhere, or without objdump, it skips
with exit 77.

  prefetch_kept.py BINARY FUNCTION[=N]...

FUNCTION is a demangled name without its arguments; N (default 1) is the fewest prefetch
instructions it must hold: its places that prefetch which stay in it in any build (a loop is
one instruction however many lines it loads; a call a sanitized build leaves out of line is
not counted; a lambda inside it is counted with it). The hooks with a single place are
virtual, so each is compiled on its own as well as inlined: its own copy shows whether the
optimiser kept the prefetch.
"""
import re
import shutil
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
binary, names = sys.argv[1], sys.argv[2:]
if shutil.which("objdump") is None:
    print("objdump is not installed (Debian's binutils): skipped")
    sys.exit(77)
header = subprocess.run(["objdump", "-f", binary], capture_output=True, text=True, check=True).stdout
if "x86-64" not in header:
    print(f"{binary} is not x86-64 code, whose prefetch instructions this reads: skipped")
    sys.exit(77)
code = subprocess.run(["objdump", "-d", "-C", "--no-show-raw-insn", binary], capture_output=True, text=True,
                      check=True).stdout

prefetches = {}  # function -> its prefetch instructions
function = None
for line in code.splitlines():
    m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
    if m:
        function = m.group(1)
        prefetches.setdefault(function, 0)
    elif function is not None and re.search(r"\tprefetch(t0|t1|t2|nta|w)\s", line):
        prefetches[function] += 1

failed = False
for arg in names:
    name, _, least = arg.partition("=")
    least = int(least) if least else 1
    # The function with the lambdas inside it, which a sanitized build may leave out of line.
    found = {}
    for f, n in prefetches.items():
        if f.startswith(name + "(") and " [clone ." not in f:
            whole = f.split("::{lambda", 1)[0]
            found[whole] = found.get(whole, 0) + n
    if not found:
        print(f"{name}: not in {binary} (renamed, or inlined everywhere?)")
        failed = True
    for f, n in sorted(found.items()):
        print(f"{n:3d} prefetch instructions (at least {least})  {f}")
        if n < least:
            print(f"    {f}: the optimiser deleted {least - n} or more of its prefetches")
            failed = True
sys.exit(1 if failed else 0)
