#include "cli/check_suite.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include "cli/stoppable_work.h"
#include "harness/input_error.h"
#include "harness/scenario_loader.h"

namespace leasesim::cli {
namespace {

namespace fs = std::filesystem;

bool is_scenario(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

SuiteFile suite_file(const fs::path& path, const fs::path& relative) {
  std::string s = fs::path(relative).replace_extension().generic_string();
  for (char& c : s) c = c == '/' ? '.' : c;
  return {path.string(), relative.generic_string(), s};
}

}  // namespace

std::vector<SuiteFile> collect(const std::vector<std::string>& paths, std::string& error) {
  std::vector<SuiteFile> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      error = "leasesim check: " + p + ": no such file or directory";
      return {};
    }
    if (!fs::is_directory(st)) {
      SuiteFile f = suite_file(p, fs::path(p).filename());
      f.relative = p;
      files.push_back(f);
      continue;
    }
    std::vector<SuiteFile> found;
    for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      // Whatever bears a scenario's name is listed but a directory: a FIFO or a dangling link
      // named x.yaml is then a BAD INPUT with its reason, not silently skipped.
      std::error_code type_ec;
      if (is_scenario(it->path()) && !it->is_directory(type_ec)) found.push_back(suite_file(it->path(), it->path().lexically_relative(p)));
    }
    if (ec) {
      error = "leasesim check: " + p + ": " + ec.message();
      return {};
    }
    std::sort(found.begin(), found.end(), [](const SuiteFile& a, const SuiteFile& b) { return a.path < b.path; });
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::vector<Loaded> load_all(const std::vector<SuiteFile>& files, const harness::RunLimits& limits) {
  std::vector<Loaded> out;
  for (const SuiteFile& f : files) {
    Loaded& l = out.emplace_back(Loaded{f, std::nullopt, ""});
    try {
      finish_unless_stopped("check", f.path, limits.deadline, [&] { l.scenario = harness::load_scenario_file(f.path); });
    } catch (const harness::InputError& e) {
      l.error = e.what();
    }
  }
  return out;
}

bool names_unique(const std::vector<Loaded>& loaded) {
  std::map<std::string, std::string> first_file;
  bool unique = true;
  for (const Loaded& l : loaded) {
    if (!l.scenario) continue;
    const auto [it, fresh] = first_file.emplace(l.scenario->name, l.file.path);
    if (fresh) continue;
    unique = false;
    std::cerr << "leasesim check: " << it->second << " and " << l.file.path << " are both named '" << l.scenario->name
              << "'; give each scenario of a suite its own `name`\n";
  }
  return unique;
}

bool selected(const Loaded& l, const std::regex& filter) {
  return (l.scenario && std::regex_search(l.scenario->name, filter)) || std::regex_search(l.file.path, filter) ||
         std::regex_search(l.file.relative, filter);
}

}  // namespace leasesim::cli
