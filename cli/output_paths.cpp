#include "cli/output_paths.h"

#include <iostream>

#include "cli/verbs.h"
#include "reports/output_file.h"

namespace leasesim::cli {

bool check_outputs(const std::string& verb, const po::variables_map& vm, std::initializer_list<const char*> options) {
  for (const char* option : options) {
    if (!vm.count(option)) continue;
    if (const std::string err = reports::check_output_file(vm[option].as<std::string>()); !err.empty()) {
      std::cerr << "leasesim " << verb << ": " << err << "\n";
      return false;
    }
  }
  return true;
}

bool Writes::write(const std::string& path, const std::string& content) {
  std::string err = reports::write_file(path, content);
  if (err.empty()) return true;
  failed_.push_back(std::move(err));
  return false;
}

int Writes::finish(const std::string& verb, int status) const {
  for (const std::string& f : failed_) std::cerr << "leasesim " << verb << ": " << f << "\n";
  if (failed_.empty() || (status != kExitOk && status != kExitFailed)) return status;
  std::cerr << "leasesim " << verb << ": " << failed_.size() << (failed_.size() == 1 ? " file" : " files")
            << " could not be written; the results above are complete (exit status " << kExitNotWritten << ")\n";
  return kExitNotWritten;
}

}  // namespace leasesim::cli
