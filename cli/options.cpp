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

std::optional<int> parse_verb(const std::string& verb, const std::vector<std::string>& args, const po::options_description& opts,
                              const char* help, const char* footer, VerbArgs& out, const char* positional_name) {
  po::options_description hidden;
  hidden.add_options()(positional_name, po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name, -1);
  if (!parse_options(verb, args, all, positional, out.vm)) return 2;
  if (out.vm.count("help")) {
    std::cout << help << opts << footer;
    return 0;
  }
  if (out.vm.count(positional_name)) out.positional = out.vm[positional_name].as<std::vector<std::string>>();
  return std::nullopt;
}

std::optional<std::string> one_file(const std::string& verb, const VerbArgs& a) {
  if (a.positional.size() == 1) return a.positional[0];
  std::cerr << "leasesim " << verb << ": give exactly one scenario file (see leasesim " << verb << " --help)\n";
  return std::nullopt;
}

}  // namespace leasesim::cli
