// The checks a scenario file passes before yaml-cpp builds a tree of it, so that no file,
// however hostile, costs more than a bounded amount: text that is not printable UTF-8 (a
// binary file, a Latin-1 name), nesting deeper than any scenario needs, more values than any
// scenario needs, aliases that expand to more values than the file holds (a "billion laughs"),
// an alias that contains itself, a second document. Each is an InputError at the offending
// byte or node. (The file itself is at most reports::kMaxInputFileBytes.)
#pragma once

#include <string>

#include <yaml-cpp/mark.h>

#include "harness/scenario.h"

namespace leasesim::harness {

// Deeper than any scenario (top map, faults, a fault, partition, groups, a group: 6 levels).
constexpr int kMaxYamlDepth = 32;
// Values aliases may add to a document, beyond those written out. Generous for hand-written
// reuse (`&lease 12s` ... `*lease`), a billionth of what a billion laughs asks for.
constexpr long kMaxAliasExpansion = 100'000;
// Values written out in a document (scalars, lists, maps): twice what the largest scenario the
// limits allow needs, so that building the tree costs a bounded amount of memory (yaml-cpp
// takes some 500 bytes a value) whatever the file's few bytes per value.
constexpr long kMaxYamlValues = 2'000'000;

void check_yaml_input(const std::string& text, const std::string& file);

// yaml-cpp's 0-based mark as the 1-based line and column of messages ({0, 0}: unknown).
SourcePos source_pos(const YAML::Mark& m);

}  // namespace leasesim::harness
