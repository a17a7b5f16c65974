// A Scenario as YAML that loads back into the same Scenario: how `leasesim explore` hands a
// user the minimised schedule it found. Every value is written exactly (durations in the
// shortest exact form, ppm to three decimals); defaults are written out, so the file does not
// depend on what the defaults are when it is read. The explore section is not written.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario.h"

namespace leasesim::harness {

std::string to_yaml(const Scenario& s);

// The `expect:` section alone, as to_yaml writes it (a top-level block ending in a newline):
// `leasesim check --update-expect` writes what a run observed with it (harness/expect_writer.h).
std::string expect_yaml(const Expect& x);

// A value as YAML: a plain scalar when it is safe to leave unquoted, else a double-quoted one;
// a flow list of such scalars. For protocols writing their parameters back.
std::string yaml_scalar(const std::string& s);
std::string yaml_list(const std::vector<std::string>& items);

}  // namespace leasesim::harness
