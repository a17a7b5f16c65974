#include "cli/option_values.h"

#include <charconv>
#include <functional>
#include <stdexcept>
#include <utility>

#include "harness/input_error.h"
#include "harness/memory_budget.h"
#include "harness/yaml_reader.h"
#include "reports/explore_summary.h"
#include "sim/duration_text.h"

namespace leasesim::cli {
namespace {

// A typed option whose text is read by `parse`, which throws BadOptionValue for a value it
// refuses. Everything else (value names, defaults, the help line) is boost's.
template <class T>
class CheckedValue final : public po::typed_value<T> {
 public:
  using Parse = std::function<T(const std::string&)>;
  explicit CheckedValue(Parse parse) : po::typed_value<T>(nullptr), parse_(std::move(parse)) {}

  void xparse(boost::any& store, const std::vector<std::string>& tokens) const override {
    po::validators::check_first_occurrence(store);  // a second --runs is an error, not a replacement
    store = parse_(po::validators::get_single_string(tokens));
  }

 private:
  Parse parse_;
};

// `text` quoted for a message: invisible characters escaped, a long text cut.
std::string quoted(const std::string& text) {
  constexpr size_t kMost = 64;
  return "'" + harness::shown(text.size() <= kMost ? text : text.substr(0, kMost)) + (text.size() <= kMost ? "'" : "...'");
}

[[noreturn]] void refuse(const std::string& text, const std::string& what, const std::string& takes, const std::string& detail = "") {
  throw BadOptionValue(quoted(text) + " is not " + what + " (" + takes + ")" + (detail.empty() ? "" : ": " + detail));
}

}  // namespace

BadOptionValue::BadOptionValue(std::string message)
    : po::error_with_option_name("%canonical_option%: " + message), message_(std::move(message)) {}

std::optional<uint64_t> parse_whole_number(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

po::typed_value<uint64_t>* whole_number(const char* what, uint64_t min, uint64_t max) {
  const std::string name = what;
  const std::string takes = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  return new CheckedValue<uint64_t>([name, takes, min, max](const std::string& text) {
    const std::optional<uint64_t> v = parse_whole_number(text);
    if (!v || *v < min || *v > max) refuse(text, name, takes);
    return *v;
  });
}

po::typed_value<int64_t>* wall_duration(const char* what) {
  const std::string name = what;
  const std::string takes = "a duration from 1ns to " + sim::format_duration(harness::kMaxScenarioDuration) + ", such as 30s or 10m";
  return new CheckedValue<int64_t>([name, takes](const std::string& text) {
    const sim::DurationParse d = sim::parse_duration(text);
    if (!d.value) refuse(text, name, takes, d.error);
    if (d.value->ns <= 0 || *d.value > harness::kMaxScenarioDuration) refuse(text, name, takes);
    return d.value->ns;
  });
}

po::typed_value<uint64_t>* memory_size(const char* what) {
  const std::string name = what;
  return new CheckedValue<uint64_t>([name](const std::string& text) {
    const std::optional<uint64_t> bytes = harness::parse_bytes(text);
    if (!bytes) refuse(text, name, "a number of bytes, at least 1, with an optional K, M, G or T for powers of 1024: 512M, 4G, 1073741824");
    return *bytes;
  });
}

void validate(boost::any&, const std::vector<std::string>&, Shard*, int) {
  throw std::logic_error("--shard is read by shard(), never by boost");
}

po::typed_value<Shard>* shard() {
  return new CheckedValue<Shard>([](const std::string& text) {
    const size_t slash = text.find('/');
    const std::optional<uint64_t> index = parse_whole_number(std::string_view(text).substr(0, slash));
    const std::optional<uint64_t> count =
        slash == std::string::npos ? std::nullopt : parse_whole_number(std::string_view(text).substr(slash + 1));
    // merge reads at most kMaxShards summaries: an exploration it could not add up is refused here.
    if (!index || !count || *count == 0 || *index >= *count || *count > reports::kMaxShards) {
      refuse(text, "a shard", "I/N, whole numbers with 0 <= I < N <= " + std::to_string(reports::kMaxShards) +
                                  ", the most shards leasesim merge adds up");
    }
    return Shard{*index, *count};
  });
}

}  // namespace leasesim::cli
