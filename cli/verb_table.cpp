#include "cli/verbs.h"

namespace leasesim::cli {

const std::vector<Verb>& verbs() {
  static const std::vector<Verb> table = {
      {"run", run_verb, parse_run},
      {"replay", replay_verb, parse_replay},
      {"judge", judge_verb, parse_judge},
      {"compare", compare_verb, parse_compare},
      {"live", live_verb, parse_live},
      {"check", check_verb, parse_check},
      {"explore", explore_verb, parse_explore},
      {"merge", merge_verb, parse_merge},
      {"sweep", sweep_verb,
       [](const std::vector<std::string>& args, VerbArgs& out) {
         harness::SweepOptions o;
         return parse_sweep(args, out, o);
       }},
  };
  return table;
}

}  // namespace leasesim::cli
