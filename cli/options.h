// Shared command-line plumbing: parsing a verb's options with boost::program_options and turning
// its errors into one clear line with exit status 2.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "cli/option_values.h"
#include "harness/memory_budget.h"
#include "harness/run_limits.h"

namespace leasesim::cli {

namespace po = boost::program_options;

// Parses `args` into `vm`. On error prints "leasesim VERB: message (see leasesim VERB --help)"
// to stderr and returns false.
bool parse_options(const std::string& verb, const std::vector<std::string>& args, const po::options_description& opts,
                   const po::positional_options_description& positional, po::variables_map& vm);

// A verb's command line: its options, and its positional arguments (FILE... or PATH...).
struct VerbArgs {
  po::variables_map vm;
  std::vector<std::string> positional;
};

// Parses `args` as `opts` plus any number of positional arguments (named `positional_name` in
// messages). With --help, prints `help`, the options and `footer`. Returns the exit status the
// verb ends with (0 after help, 2 after an error, already printed), or nothing to go on.
std::optional<int> parse_verb(const std::string& verb, const std::vector<std::string>& args, const po::options_description& opts,
                              const char* help, const char* footer, VerbArgs& out, const char* positional_name = "file");

// The one scenario file a verb takes, or nothing after printing why not.
std::optional<std::string> one_file(const std::string& verb, const VerbArgs& a);

// --max-events N, --max-wall DURATION and --max-memory SIZE, the limits of every verb that runs
// scenarios. `per` says what the event budget applies to ("the run", "each run");
// `default_events` is the budget when the option is absent: every run has one, so that a model
// looping in zero virtual time is stopped (harness/run_limits.h); `when_spent` says what then
// happens (explore counts the run and goes on; the other verbs stop with exit status 3).
void add_limit_options(po::options_description& opts, const char* per, uint64_t default_events = harness::kDefaultEventBudget,
                       const char* when_spent = "exit status 3");
// The instant the command started (cli_main notes it before anything else): --max-wall counts
// from it, so that loading the scenario spends the same budget as the runs after it.
std::chrono::steady_clock::time_point command_start();

// The limits asked for (their values were checked as the command line was parsed), the wall
// deadline counted from command_start().
harness::RunLimits read_limits(const po::variables_map& vm);

// Whether `need` fits in --max-memory, or else in the memory this machine has free; if not,
// prints "leasesim VERB: FILE: ..." saying how much it needs and has (exit kExitStopped).
bool fits_in_memory(const std::string& verb, const std::string& file, const harness::RunLimits& limits, const harness::MemoryNeed& need,
                    const char* advice = "make the scenario smaller or run it where there is more memory");

// read_limits, then fits_in_memory for one run of `s`: the exit status to end with (after
// printing why), or nothing to go on with `limits` filled in.
std::optional<int> read_run_limits(const std::string& verb, const po::variables_map& vm, const std::string& file,
                                   const harness::Scenario& s, harness::RunLimits& limits);

// --seed N: a seed, 0 to 2^64-1, as a scenario's `seed` takes.
po::typed_value<uint64_t>* seed_value();

// After a run stopped by its event budget: says so on stderr, with how to raise it:
// "leasesim VERB: FILE: RUN reached its event budget, N events, and was stopped; ...".
// `run` names the run: "the run", "the run with faults[1].at = 2s".
void explain_event_budget(const std::string& verb, const std::string& file, const std::string& run, uint64_t budget);

// The exit status of a command cut short (`stopped` as in reports::Result): kExitStopped for a
// limit, 128 + the signal's number for a signal (130 for Ctrl-C), as shells report it.
int stopped_exit_status(const std::string& stopped);

}  // namespace leasesim::cli
