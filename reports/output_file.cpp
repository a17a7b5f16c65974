#include "reports/output_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "reports/input_file.h"

namespace leasesim::reports {
namespace {

namespace fs = std::filesystem;

std::atomic<bool> named_temporaries{false};
std::atomic<uint64_t> temporaries_made{0};

std::string cannot(const std::string& path, int err) { return "cannot write " + path + ": " + std::strerror(err); }

// The directory a file at `path` goes in ("." for a bare name).
std::string directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// What a kernel or file system without O_TMPFILE answers (EISDIR: before Linux 3.11).
bool no_unnamed_files(int err) { return err == EOPNOTSUPP || err == EISDIR || err == EINVAL; }

// Beside the target (same file system, so a rename is atomic), unique to this process and call.
std::string temporary_name(const std::string& path) {
  return path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(temporaries_made++);
}

// Whether `name` (a directory entry) is, exactly, a temporary of the file named `base` as
// temporary_name makes them: BASE.tmp-PID-N, both numbers in plain decimal. Its PID if so.
std::optional<pid_t> temporary_owner(const std::string& name, const std::string& base) {
  const std::string prefix = base + ".tmp-";
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  const std::string rest = name.substr(prefix.size());
  const size_t dash = rest.find('-');
  if (dash == std::string::npos) return std::nullopt;
  // Digits as std::to_string writes them: no sign, no leading zero (but "0" itself).
  const auto plain = [](const std::string& digits, size_t max) {
    return !digits.empty() && digits.size() <= max && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           (digits == "0" || digits[0] != '0');
  };
  const std::string pid = rest.substr(0, dash);
  if (!plain(pid, 10) || !plain(rest.substr(dash + 1), 20)) return std::nullopt;
  const unsigned long long value = std::stoull(pid);
  // 0 and what does not fit a pid_t are no process's (and kill(0, ...) means the process group).
  if (value == 0 || value > static_cast<unsigned long long>(std::numeric_limits<pid_t>::max())) return std::nullopt;
  return static_cast<pid_t>(value);
}

// Each temporary file, named or unnamed, is locked (flock) by its writer as soon as it is
// opened, until the writer closes it or dies: the kernel drops the lock with the process.
void lock_temporary(int fd) {
  // Best effort: where locks are not supported (ENOLCK), stale temporaries are recognised by
  // their PID alone.
  while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
}

// Removes the temporary `name` if its writer is gone: its PID is no live process's (ESRCH) and
// nobody holds its lock. The lock covers what the PID cannot: a writer in another PID namespace
// or, on a network file system, on another machine, whose PID means nothing here.
void remove_if_abandoned(const std::string& name, pid_t owner) {
  if (::kill(owner, 0) == 0 || errno != ESRCH) return;  // alive, or not ours to signal: alive
  const int fd = ::open(name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat opened {}, named {};
  // Only a regular file that is still the one opened, and whose lock nobody holds.
  if (::fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode) && ::flock(fd, LOCK_EX | LOCK_NB) == 0 &&
      ::lstat(name.c_str(), &named) == 0 && named.st_dev == opened.st_dev && named.st_ino == opened.st_ino) {
    ::unlink(name.c_str());
  }
  ::close(fd);
}

// No Linux call replaces an existing name with an unnamed file, so a writer killed (SIGKILL)
// at the wrong instant leaves a temporary named beside the target: between linking and renaming
// over an existing file, or during a whole write where there is no O_TMPFILE. Each write of
// `path` first removes those of `path` that are abandoned (remove_if_abandoned), so that they
// cannot pile up: at most one per writer killed since the last write of `path`. Only names
// temporary_owner recognises for this very `path` are looked at; nothing else is touched.
void remove_stale_temporaries(const std::string& path) {
  const std::string base = fs::path(path).filename().string();
  DIR* dir = ::opendir(directory_of(path).c_str());
  if (dir == nullptr) return;  // the write itself will say why
  std::vector<std::pair<std::string, pid_t>> stale;
  while (const dirent* e = ::readdir(dir)) {
    if (const std::optional<pid_t> owner = temporary_owner(e->d_name, base)) stale.emplace_back(e->d_name, *owner);
  }
  ::closedir(dir);
  for (const auto& [name, owner] : stale) remove_if_abandoned((fs::path(directory_of(path)) / name).string(), owner);
}

int open_unnamed(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd >= 0) lock_temporary(fd);
  return fd;
}

// A named temporary file beside `path`, created afresh and locked; -1 with errno on failure.
int open_named(const std::string& path, std::string& name) {
  while (true) {
    name = temporary_name(path);
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return fd;
    lock_temporary(fd);
    // Between the open and the lock another process's sweep could take the file for abandoned
    // (it cannot, if this PID is visible to it; it can across PID namespaces): once locked, the
    // name must still be this file's, or another is made.
    struct stat opened {}, named {};
    if (::fstat(fd, &opened) != 0) return fd;
    if (::lstat(name.c_str(), &named) == 0 ? named.st_dev == opened.st_dev && named.st_ino == opened.st_ino : errno != ENOENT) return fd;
    ::close(fd);
  }
}

// 0, or the errno of the failed write.
int write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

// Gives the unnamed file open as `fd` the name `name`: 0, or the errno (EEXIST: name taken).
int link_unnamed(int fd, const std::string& name) {
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
  const int err = errno;
  // Without /proc, AT_EMPTY_PATH does the same for a process that may (CAP_DAC_READ_SEARCH).
  if (err == ENOENT && ::linkat(fd, "", AT_FDCWD, name.c_str(), AT_EMPTY_PATH) == 0) return 0;
  return err;
}

// Whether new files can be made in the directory `dir`: 0, or the errno. An unnamed file is
// opened and closed, which leaves nothing; without O_TMPFILE a named one is made and removed
// at once.
int can_create_in(const std::string& dir) {
  if (!named_temporaries) {
    const int fd = open_unnamed(dir);
    if (fd >= 0) {
      ::close(fd);
      return 0;
    }
    if (!no_unnamed_files(errno)) return errno;
  }
  const std::string probe = (fs::path(dir) / ".leasesim-probe").string();
  remove_stale_temporaries(probe);
  std::string name;
  const int fd = open_named(probe, name);
  if (fd < 0) return errno;
  ::close(fd);
  ::unlink(name.c_str());
  return 0;
}

// A std::streambuf onto a file descriptor that remembers the first write error.
class FdBuf final : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd), buf_(64 * 1024) { setp(buf_.data(), buf_.data() + buf_.size()); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (drain() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() == 0 ? 0 : -1; }

 private:
  int drain() {
    if (error_ == 0) error_ = write_all(fd_, pbase(), static_cast<size_t>(pptr() - pbase()));
    setp(buf_.data(), buf_.data() + buf_.size());
    return error_;
  }

  int fd_;
  std::vector<char> buf_;
  int error_ = 0;
};

}  // namespace

// The file being written: unnamed until commit() (or, without O_TMPFILE, named and removed
// unless committed).
class OutputFile::Temp {
 public:
  explicit Temp(const std::string& path) {
    remove_stale_temporaries(path);
    if (!named_temporaries) {
      fd_ = open_unnamed(directory_of(path));
      if (fd_ >= 0 || !no_unnamed_files(errno)) {
        error_ = fd_ >= 0 ? 0 : errno;
        return;
      }
    }
    fd_ = open_named(path, named_);
    error_ = fd_ >= 0 ? 0 : errno;
    if (fd_ < 0) named_.clear();
  }
  ~Temp() {
    if (fd_ >= 0) ::close(fd_);
    if (!named_.empty()) ::unlink(named_.c_str());
  }
  Temp(const Temp&) = delete;
  Temp& operator=(const Temp&) = delete;

  int fd() const { return fd_; }
  int error() const { return error_; }

  // Puts the complete file at `path`: 0, or the errno.
  int commit(const std::string& path) {
    if (!named_.empty()) {
      const int closed = ::close(fd_) == 0 ? 0 : errno;
      fd_ = -1;
      if (closed != 0) return closed;
      if (::rename(named_.c_str(), path.c_str()) != 0) return errno;
      named_.clear();
      return 0;
    }
    const int err = link_unnamed(fd_, path);
    if (err != EEXIST) return err;
    // The target exists, and a link cannot replace it: link beside it, then rename over it.
    while (true) {
      const std::string name = temporary_name(path);
      const int linked = link_unnamed(fd_, name);
      if (linked == EEXIST) continue;
      if (linked != 0) return linked;
      if (::rename(name.c_str(), path.c_str()) == 0) return 0;
      const int renamed = errno;
      ::unlink(name.c_str());
      return renamed;
    }
  }

 private:
  int fd_ = -1;
  int error_ = 0;
  std::string named_;  // the named temporary file, until renamed into place
};

std::string check_output_file(const std::string& path) {
  if (path.empty()) return "cannot write a file with an empty name";
  if (!fs::path(path).has_filename()) return "cannot write " + path + ": it names a directory, not a file";
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return "cannot write " + path + ": it is a directory";
    if (!S_ISREG(st.st_mode)) return "cannot write " + path + ": it is " + file_type_name(st.st_mode) + ", not a regular file";
    if (::access(path.c_str(), W_OK) != 0) return cannot(path, errno);
  } else if (errno != ENOENT && errno != ENOTDIR) {
    return cannot(path, errno);
  }
  const std::string dir = directory_of(path);
  if (::stat(dir.c_str(), &st) != 0) {
    return errno == ENOENT ? "cannot write " + path + ": the directory " + dir + " does not exist" : cannot(path, errno);
  }
  if (!S_ISDIR(st.st_mode)) return "cannot write " + path + ": " + dir + " is not a directory";
  if (const int err = can_create_in(dir); err != 0) return "cannot write " + path + ": cannot create files in " + dir + ": " + std::strerror(err);
  return "";
}

std::string prepare_output_dir(const std::string& dir) {
  if (dir.empty()) return "an output directory needs a name";
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return "cannot write in " + dir + ": it is " + file_type_name(st.st_mode) + ", not a directory";
    if (const int err = can_create_in(dir); err != 0) return "cannot write in " + dir + ": " + std::strerror(err);
    return "";
  }
  if (errno != ENOENT) return "cannot write in " + dir + ": " + std::strerror(errno);
  std::string last = dir;  // "a/b/out/" is the directory out in a/b
  while (last.size() > 1 && last.back() == '/') last.pop_back();
  const std::string parent = directory_of(last);
  const bool exists = ::stat(parent.c_str(), &st) == 0;
  if (!exists || !S_ISDIR(st.st_mode)) {
    if (!exists && errno != ENOENT && errno != ENOTDIR) return "cannot create the directory " + dir + ": " + std::strerror(errno);
    return "cannot create the directory " + dir + ": " + parent + (!exists && errno == ENOENT ? " does not exist" : " is not a directory") +
           "; leasesim creates the last directory of the path only";
  }
  if (::mkdir(dir.c_str(), 0777) != 0) return "cannot create the directory " + dir + ": " + std::strerror(errno);
  return "";
}

std::string write_file(const std::string& path, const std::string& content) {
  OutputFile::Temp temp(path);
  if (temp.error() != 0) return cannot(path, temp.error());
  if (const int err = write_all(temp.fd(), content.data(), content.size()); err != 0) return cannot(path, err);
  if (const int err = temp.commit(path); err != 0) return cannot(path, err);
  return "";
}

OutputFile::OutputFile(std::string path) : path_(std::move(path)), temp_(std::make_unique<Temp>(path_)), out_(nullptr) {
  if (temp_->error() != 0) error_ = cannot(path_, temp_->error());
  buf_ = std::make_unique<FdBuf>(temp_->fd());
  out_.rdbuf(buf_.get());
}

OutputFile::~OutputFile() = default;

std::string OutputFile::commit() {
  if (!error_.empty()) return error_;
  out_.flush();
  int err = static_cast<FdBuf&>(*buf_).error();
  if (err == 0) err = temp_->commit(path_);
  // Done either way: the stream writes nowhere from now on, and what is left goes at once.
  out_.rdbuf(nullptr);
  temp_.reset();
  error_ = err == 0 ? "" : cannot(path_, err);
  return error_;
}

void use_named_temporary_files(bool named) { named_temporaries = named; }

}  // namespace leasesim::reports
