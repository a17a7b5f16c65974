// The values of the command line's numeric options, each kind read by one parser while the
// command line is parsed: whole numbers in a range (--seed, --runs, --jobs, --steps,
// --max-events), durations (--max-wall), sizes (--max-memory) and shards (--shard). A value that
// is negative, not a number, or outside its range is refused, exit status 2, with a message that
// names the option, quotes what was given and says what it takes:
//
//   leasesim explore: --runs: '-1' is not a number of runs (a whole number from 1 to 18446744073709551615)
//
// Nothing is wrapped, rounded or clamped: a value is taken as written or refused. (Before, boost's
// lexical_cast read `--seed -1` as 2^64-1 and `--runs -1` as 2^64-1 runs.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/program_options.hpp>

namespace leasesim::cli {

namespace po = boost::program_options;

// A whole number as decimal digits and nothing else: no sign, space, fraction, exponent or
// base prefix. Nothing if the text is anything else or does not fit 64 bits.
std::optional<uint64_t> parse_whole_number(std::string_view text);

// The ranges of the options that take whole numbers.
constexpr uint64_t kMaxWholeNumber = UINT64_MAX;
// Worker threads of explore: far more than any machine's cores, few enough that a run per job
// and explore's window of outcomes (64 per job) stay small numbers (4 billion jobs passed the
// memory estimate with a large --max-memory and aborted on bad_alloc).
constexpr uint64_t kMaxJobs = 1024;

// --shard I/N: run only the runs i with i % N == I.
struct Shard {
  uint64_t index = 0;
  uint64_t count = 1;
};
// Boost's own reading of a typed value, which CheckedValue replaces; declared so that
// typed_value<Shard> compiles (boost looks for it by the type's namespace).
void validate(boost::any& store, const std::vector<std::string>& tokens, Shard*, int);

// A value refused while the command line was parsed. Boost adds the option's name; the message
// is what follows it ("'-1' is not a number of runs (a whole number from 1 to ...)").
class BadOptionValue : public po::error_with_option_name {
 public:
  explicit BadOptionValue(std::string message);
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

// A whole number from `min` to `max`; `what` names it in the message: "a number of runs".
po::typed_value<uint64_t>* whole_number(const char* what, uint64_t min, uint64_t max);
// A duration with its unit (30s, 10m, 1.5h), in nanoseconds, from 1ns to 87600h (ten years,
// the longest duration a scenario may give; a deadline that far from now cannot overflow the
// clock).
po::typed_value<int64_t>* wall_duration(const char* what);
// A number of bytes, with an optional K, M, G or T (powers of 1024): 512M, 4G, 1073741824.
po::typed_value<uint64_t>* memory_size(const char* what);
// I/N with 0 <= I < N.
po::typed_value<Shard>* shard();

}  // namespace leasesim::cli
