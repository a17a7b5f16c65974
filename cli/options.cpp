#include "cli/options.h"

#include <iostream>

#include "cli/verbs.h"
#include "harness/input_error.h"

namespace leasesim::cli {

bool parse_options(const std::string& verb, const std::vector<std::string>& args, const po::options_description& opts,
                   const po::positional_options_description& positional, po::variables_map& vm) {
  // No prefix guessing: `--tr` silently meaning `--trace` today would break when an option
  // starting with "tr" is added.
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  try {
    po::store(po::command_line_parser(args).options(opts).positional(positional).style(style).run(), vm);
    po::notify(vm);
  } catch (const BadOptionValue& e) {
    std::cerr << "leasesim " << verb << ": " << e.get_option_name() << ": " << e.message() << " (see leasesim " << verb << " --help)\n";
    return false;
  } catch (const po::unknown_option& e) {
    std::vector<std::string> known;
    for (const auto& o : opts.options()) known.push_back("--" + o->long_name());
    std::cerr << "leasesim " << verb << ": unknown option '" << e.get_option_name() << "'"
              << harness::suggestion(e.get_option_name(), known) << " (see leasesim " << verb << " --help)\n";
    return false;
  } catch (const po::error& e) {
    std::cerr << "leasesim " << verb << ": " << e.what() << " (see leasesim " << verb << " --help)\n";
    return false;
  }
  return true;
}

namespace {

// A verb takes a few options but any number of positional arguments (check's paths).
constexpr size_t kMaxOptionArguments = 1000;

// "--name" with no "=value", of an option that takes a value: the argument after it is that
// value, whatever it looks like (boost decides; it must see the two together).
bool takes_next_argument(const po::options_description& opts, const std::string& arg) {
  if (arg.size() < 3 || arg.compare(0, 2, "--") != 0 || arg.find('=') != std::string::npos) return false;
  const po::option_description* o = opts.find_nothrow(arg.substr(2), false);
  return o != nullptr && o->semantic()->min_tokens() > 0;
}

}  // namespace

std::optional<int> parse_verb(const std::string& verb, const std::vector<std::string>& args, const po::options_description& opts,
                              const char* help, const char* footer, VerbArgs& out, const char* positional_name) {
  // boost::program_options erases each argument it parses from the front of a vector, which is
  // quadratic in their number: 4,096 empty arguments took 2 to 13 s under the fuzzer. So the
  // positional arguments, the only ones a command line has many of, never reach it: they are
  // taken out here, in order, as boost would have read them ("-" is one; "--" ends the options).
  std::vector<std::string> options;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_ended || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
    } else if (a == "--") {
      options_ended = true;
    } else {
      options.push_back(a);
      if (takes_next_argument(opts, a) && i + 1 < args.size()) options.push_back(args[++i]);
    }
  }
  if (options.size() > kMaxOptionArguments) {
    std::cerr << "leasesim " << verb << ": " << options.size() << " option arguments; a command line takes at most "
              << kMaxOptionArguments << " (see leasesim " << verb << " --help)\n";
    return 2;
  }
  po::options_description hidden;
  hidden.add_options()(positional_name, po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name, -1);
  if (!parse_options(verb, options, all, positional, out.vm)) return 2;
  if (out.vm.count("help")) {
    std::cout << help << opts << footer;
    return 0;
  }
  return std::nullopt;
}

std::optional<std::string> one_file(const std::string& verb, const VerbArgs& a) {
  if (a.positional.size() == 1) return a.positional[0];
  std::cerr << "leasesim " << verb << ": give exactly one scenario file (see leasesim " << verb << " --help)\n";
  return std::nullopt;
}

void add_limit_options(po::options_description& opts, const char* per, uint64_t default_events, const char* when_spent) {
  const std::string events_help = std::string("stop ") + per + " after N events (" + when_spent + "), keeping what it found so far; " +
                                  "the default stops a model that loops in zero virtual time, and no scenario of the suite " +
                                  "comes near it";
  po::typed_value<uint64_t>* events = whole_number("an event budget", 1, kMaxWholeNumber)->value_name("N");
  events->default_value(default_events);
  opts.add_options()
      ("max-events", events, events_help.c_str())
      ("max-wall", wall_duration("a wall-clock time limit")->value_name("DURATION"),
       "stop after this much wall-clock time from the command's start, loading the scenario included, e.g. 30s or 10m "
       "(exit status 3), keeping what was found so far")
      ("max-memory", memory_size("a memory size")->value_name("SIZE"),
       "refuse (exit status 3) a scenario estimated to need more memory than SIZE, e.g. 512M or 4G; "
       "default: the memory this machine (or its cgroup) has available");
}

std::chrono::steady_clock::time_point command_start() {
  static const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  return start;
}

harness::RunLimits read_limits(const po::variables_map& vm) {
  harness::RunLimits limits;
  if (vm.count("max-events")) limits.max_events = vm["max-events"].as<uint64_t>();
  if (vm.count("max-wall")) limits.deadline = command_start() + std::chrono::nanoseconds(vm["max-wall"].as<int64_t>());
  if (vm.count("max-memory")) limits.max_memory = vm["max-memory"].as<uint64_t>();
  return limits;
}

po::typed_value<uint64_t>* seed_value() { return whole_number("a seed", 0, kMaxWholeNumber); }

bool fits_in_memory(const std::string& verb, const std::string& file, const harness::RunLimits& limits, const harness::MemoryNeed& need,
                    const char* advice) {
  const std::optional<uint64_t> have = limits.max_memory ? limits.max_memory : harness::available_memory();
  if (!have || need.bytes <= *have) return true;
  std::cerr << "leasesim " << verb << ": " << file << ": would need about " << harness::format_bytes(need.bytes) << " of memory ("
            << need.what << "), more than the " << harness::format_bytes(*have)
            << (limits.max_memory ? " that --max-memory allows" : " this machine has available")
            << "; " << advice << "\n";
  return false;
}

std::optional<int> read_run_limits(const std::string& verb, const po::variables_map& vm, const std::string& file,
                                   const harness::Scenario& s, harness::RunLimits& limits) {
  const harness::RunLimits read = read_limits(vm);
  if (!fits_in_memory(verb, file, read, harness::run_memory(s))) return kExitStopped;
  limits = read;
  return std::nullopt;
}

void explain_event_budget(const std::string& verb, const std::string& file, const std::string& run, uint64_t budget) {
  std::cerr << "leasesim " << verb << ": " << file << ": " << run << " reached its event budget, " << budget
            << " events, and was stopped; to let it run longer, raise the budget: --max-events N (see leasesim " << verb
            << " --help)\n";
}

int stopped_exit_status(const std::string& stopped) {
  if (stopped == harness::stop_reason_name(harness::StopReason::interrupted) && harness::interrupt_signal() != 0) {
    return 128 + harness::interrupt_signal();
  }
  return kExitStopped;
}

}  // namespace leasesim::cli
