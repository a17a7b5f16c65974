#include "cli/options.h"

#include <iostream>

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

}  // namespace leasesim::cli
