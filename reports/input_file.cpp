#include "reports/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace leasesim::reports {
namespace {

std::string size_text(uint64_t bytes) {
  if (bytes % (uint64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB (" + std::to_string(bytes) + " bytes)";
  return std::to_string(bytes) + " bytes";
}

std::string not_regular(unsigned mode, const std::string& what) {
  return "is " + file_type_name(mode) + "; " + what + " must be a regular file";
}

// Closes the descriptor however the read ends.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string file_type_name(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a directory";
    case S_IFIFO: return "a FIFO (named pipe)";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    default: return "not a file";
  }
}

int open_input_file(const std::string& path, const std::string& what, std::string& error, uint64_t* size) {
  // The type is known before the file is opened: opening a FIFO for reading would wait for a
  // writer, and reading a device or a directory means nothing here.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = std::string("cannot open the file: ") + std::strerror(errno);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    error = not_regular(st.st_mode, what);
    return -1;
  }
  // O_NONBLOCK: should the path have become a FIFO since, the open does not wait for a writer.
  Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
  if (f.fd < 0) {
    error = std::string("cannot open the file: ") + std::strerror(errno);
    return -1;
  }
  if (::fstat(f.fd, &st) != 0) {
    error = std::string("cannot read the file: ") + std::strerror(errno);
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    error = not_regular(st.st_mode, what);
    return -1;
  }
  if (size != nullptr) *size = static_cast<uint64_t>(st.st_size);
  const int fd = f.fd;
  f.fd = -1;
  return fd;
}

InputFile read_input_file(const std::string& path, const std::string& what, uint64_t cap) {
  InputFile r;
  uint64_t size = 0;
  const Fd f{open_input_file(path, what, r.error, &size)};
  if (f.fd < 0) return r;
  const std::string too_big = "is larger than " + size_text(cap) + ", the most " + what + " may hold";
  if (size > cap) {
    r.error = too_big;
    return r;
  }
  // The size is a hint (a /proc file says 0, a file may grow while it is read): read until the
  // end, or until one byte past the cap shows the file is too long.
  std::vector<char> buf(64 * 1024);
  while (true) {
    const uint64_t want = std::min<uint64_t>(buf.size(), cap + 1 - r.text.size());
    const ssize_t n = ::read(f.fd, buf.data(), want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      r.error = std::string("cannot read the file: ") + std::strerror(errno);
      r.text.clear();
      return r;
    }
    if (n == 0) return r;
    r.text.append(buf.data(), static_cast<size_t>(n));
    if (r.text.size() > cap) {
      r.error = too_big;
      r.text.clear();
      return r;
    }
  }
}

}  // namespace leasesim::reports
