#include "cli/check_update.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/check_runs.h"
#include "cli/options.h"
#include "cli/output_paths.h"
#include "cli/verbs.h"
#include "harness/expect_writer.h"
#include "harness/input_error.h"
#include "harness/scenario_loader.h"
#include "harness/scenario_writer.h"
#include "reports/text_result.h"

namespace leasesim::cli {
namespace {

struct Tally {
  size_t updated = 0, unchanged = 0, refused = 0, bad = 0, cut = 0;
  std::string stopped;  // for the exit status
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The file's text with its `expect` replaced by what run `r` showed; throws an InputError if
// that cannot be done safely, or if the new text would not load or not be met by the same run
// (a safety net: it is what the user is promised, checked before the file is touched).
std::string updated_text(const Loaded& l, const reports::Result& r, const harness::RunOptions& options) {
  const std::string& path = l.file.path;
  const std::string text = read_text(path);
  const std::string block = harness::expect_yaml(harness::observed_expect(r, l.scenario->expect));
  const std::string updated = harness::replace_expect(text, path, block);
  const reports::Result again = harness::run_scenario(harness::load_scenario_text(updated, path), options);
  if (!again.expectations_met || again.trace_hash != r.trace_hash) {
    throw harness::InputError(path, {}, "expect", "the rewritten expect would not be met by the run; the file is left as it is");
  }
  return updated;
}

// A scenario reached through a symbolic link (a suite that links in scenarios kept elsewhere)
// is rewritten where it lives: replacing the link with a file would cut it off from them.
std::string where_it_lives(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_symlink(path, ec)) return path;
  const std::filesystem::path real = std::filesystem::canonical(path, ec);
  return ec ? path : real.string();
}

void take(Tally& t, Writes& writes, const Loaded& l, CheckRun& run, const harness::RunOptions& options) {
  const std::string& path = l.file.path;
  std::cout << path << "  ";
  if (run.did == CheckRun::Did::bad_input) {
    ++t.bad;
    std::cout << "BAD INPUT\n    " << l.error << "\n";
    return;
  }
  const std::string stopped = run.did == CheckRun::Did::not_run ? run.not_run_because
                              : run.did == CheckRun::Did::too_big ? "memory"
                                                                  : run.result->stopped;
  if (!stopped.empty()) {
    ++t.cut;
    if (t.stopped.empty() || t.stopped == "memory") t.stopped = stopped;
    std::cout << "not updated: " << (stopped == "memory" ? "it needs more memory than there is" : reports::stop_explanation(stopped)) << "\n";
    return;
  }
  const reports::Result& r = *run.result;
  if (r.has_expect && r.expectations_met) {
    ++t.unchanged;
    std::cout << "unchanged\n";
    return;
  }
  try {
    const std::string text = updated_text(l, r, options);
    const std::string target = where_it_lives(path);
    if (!writes.write(target, text)) return;
    ++t.updated;
    std::cout << "updated\n";
    if (target != path) std::cout << "    written to " << target << ", which the link points to (the link is kept)\n";
    // What the old `expect` said that the run did not show: the diff's reason, and the events
    // not met, which the new one leaves out.
    for (const auto& e : r.expectations) {
      if (!e.met) std::cout << "    was not met: " << e.what << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
    }
  } catch (const harness::InputError& e) {
    ++t.refused;
    std::cout << "REFUSED\n    " << e.what() << "\n";
  }
}

}  // namespace

int update_expect(const std::vector<const Loaded*>& chosen, const harness::RunOptions& options, unsigned jobs) {
  std::vector<CheckWork> work;
  for (const Loaded* l : chosen) {
    work.push_back({l, !l->scenario || fits_in_memory("check", l->file.path, options.limits, harness::run_memory(*l->scenario))});
  }
  Tally t;
  Writes writes;
  run_in_order(work, options, false, jobs, [&](size_t i, CheckRun& run) {
    take(t, writes, *chosen[i], run, options);
    std::cout.flush();
  });
  std::cout << "\n" << chosen.size() << (chosen.size() == 1 ? " scenario: " : " scenarios: ") << t.updated << " updated, " << t.unchanged
            << " unchanged, " << t.refused << " refused, " << t.bad << " bad input"
            << (t.cut > 0 ? ", " + std::to_string(t.cut) + " stopped or not run" : "") << "\n";
  std::cout.flush();
  if (t.cut > 0) return writes.finish("check", stopped_exit_status(t.stopped));
  return writes.finish("check", t.refused > 0 || t.bad > 0 ? kExitBadInput : kExitOk);
}

}  // namespace leasesim::cli
