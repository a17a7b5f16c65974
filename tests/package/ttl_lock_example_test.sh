#!/usr/bin/env bash
# The example as a user builds it (examples/ttl-lock/, docs/writing-a-protocol.md): leasesim
# installed into a fresh prefix, the example configured and built out of tree against that
# prefix alone (-DCMAKE_PREFIX_PATH), and its scenarios run through its own binary: `check`
# green, `explore` finding a violation that `run` then reproduces from the minimised scenario,
# an HTML report, and the example's property test. Nothing here waits or times anything.
# A missing tool is a skip (exit 77, which ctest shows as skipped) with the reason, never a pass.
#   ttl_lock_example_test.sh CMAKE SOURCE_DIR BUILD_DIR WORK_DIR GENERATOR MAKE_PROGRAM CXX BUILD_TYPE [FLAGS]
# FLAGS: compiler and linker flags the example needs to link leasesim's libraries (the
# sanitizers, when leasesim was built with them). WORK_DIR is removed when the test passes
# (the install and the build take some 300 MB) and kept, with every step's log, when it fails.
set -uo pipefail

cmake=$1 src=$2 build=$3 work=$4 generator=$5 make_program=$6 cxx=$7 build_type=$8 flags=${9:-}
example=$src/examples/ttl-lock

skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
# Runs a command with its output in a log, shown only when its status is not the one expected.
expect_status() {
  local want=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1
  local got=$?
  [[ $got == "$want" ]] || { cat "$log" >&2; fail "exit $got, not $want: $*"; }
}

command -v "$cmake" >/dev/null || skip "cmake ($cmake) is not installed: the example cannot be configured"
command -v "$make_program" >/dev/null || skip "$make_program ($generator) is not installed: the example cannot be built"
command -v "$cxx" >/dev/null || skip "the C++ compiler $cxx is not installed: the example cannot be built"

rm -rf "$work" && mkdir -p "$work" || fail "cannot create $work"

# leasesim, as `cmake --install` lays it out: the libraries just built, copied, nothing compiled.
expect_status 0 "$work/install.log" "$cmake" --install "$build" --prefix "$work/prefix"

# Every public header is installed, with what it includes: the whole API compiles from the prefix.
echo '#include <leasesim/leasesim.h>' >"$work/api.cpp"
expect_status 0 "$work/api.log" "$cxx" -std=c++20 -fsyntax-only -I"$work/prefix/include" \
  -I"$work/prefix/include/leasesim/internal" "$work/api.cpp"

# Only the example is compiled; the prefix is the one place leasesim can come from.
expect_status 0 "$work/configure.log" "$cmake" -S "$example" -B "$work/build" -G "$generator" \
  -DCMAKE_MAKE_PROGRAM="$make_program" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE="$build_type" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
found=$(sed -n 's/^leasesim_DIR:PATH=//p' "$work/build/CMakeCache.txt")
[[ $found == "$work/prefix/lib/cmake/leasesim" ]] || fail "the example found leasesim in '$found', not in the prefix"
expect_status 0 "$work/build.log" "$cmake" --build "$work/build" -j 2

bin=$work/build/ttl-lock
cd "$example" || fail "no $example"

[[ $("$bin" --version) == $("$build/leasesim" --version) ]] || fail "ttl-lock --version differs from leasesim --version"

# Every scenario meets its `expect`.
expect_status 0 "$work/check.log" "$bin" check scenarios/
grep -q " 0 failed, 0 bad input" "$work/check.log" || { cat "$work/check.log" >&2; fail "check did not pass every scenario"; }

# explore finds lease_safety violated (exit 1) and writes the minimised run, which reproduces.
expect_status 1 "$work/explore.log" "$bin" explore scenarios/explore-pauses.yaml --runs 50 --out "$work/explore"
minimised=$(ls "$work"/explore/*-lease_safety-run*.yaml 2>/dev/null | head -n 1)
[[ -n $minimised ]] || { cat "$work/explore.log" >&2; fail "explore wrote no minimised lease_safety scenario"; }
expect_status 0 "$work/rerun.log" "$bin" run "$minimised"

# A report to look at.
expect_status 0 "$work/report.log" "$bin" run scenarios/client-pause-past-ttl.yaml --report "$work/report.html"
grep -q "ttl-lock-client-pause-past-ttl" "$work/report.html" || fail "the HTML report does not name its scenario"

# The property test is built where GoogleTest and rapidcheck are installed (they are, for ctest).
[[ -x $work/build/ttl-lock-properties ]] || fail "the property test was not built: $(grep -h 'not built' "$work/configure.log")"
expect_status 0 "$work/properties.log" "$work/build/ttl-lock-properties"

rm -rf "$work"
echo "examples/ttl-lock: installed, built out of tree, check, explore, report and property passed"
