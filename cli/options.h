// Shared command-line plumbing: parsing a verb's options with boost::program_options and turning
// its errors into one clear line with exit status 2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace leasesim::cli {

namespace po = boost::program_options;

// Parses `args` into `vm`. On error prints "leasesim VERB: message (see leasesim VERB --help)"
// to stderr and returns false.
bool parse_options(const std::string& verb, const std::vector<std::string>& args, const po::options_description& opts,
                   const po::positional_options_description& positional, po::variables_map& vm);

}  // namespace leasesim::cli
