#include "reports/output_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace leasesim::reports {
namespace {

// Beside the target (same file system, so the rename is atomic), named for this process so two
// runs writing the same path do not share one.
std::string temp_path(const std::string& path) {
  const std::filesystem::path target(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
  }
  return path + ".tmp-" + std::to_string(getpid());
}

std::string cannot(const std::string& path, int err) { return "cannot write " + path + ": " + std::strerror(err); }

}  // namespace

std::string write_file(const std::string& path, const std::string& content) {
  const std::string temp = temp_path(path);
  FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr) return cannot(path, errno);
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const int saved = errno;
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed || std::rename(temp.c_str(), path.c_str()) != 0) {
    const int why = written ? errno : saved;
    std::remove(temp.c_str());
    return cannot(path, why);
  }
  return "";
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)), temp_(temp_path(path_)) {
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) error_ = cannot(path_, errno);
}

OutputFile::~OutputFile() {
  if (done_) return;
  out_.close();
  std::remove(temp_.c_str());
}

std::string OutputFile::commit() {
  done_ = true;
  out_.flush();
  const bool written = static_cast<bool>(out_);
  const int saved = errno;
  out_.close();
  if (!written || out_.fail() || std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int why = written ? errno : saved;
    std::remove(temp_.c_str());
    return cannot(path_, why);
  }
  return "";
}

}  // namespace leasesim::reports
