#include "live/zookeeper/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace leasesim::live::zookeeper {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A socket closed however the function returns.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

std::string temporary_directory() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && base[0] != '\0' ? base : "/tmp") + "/leasesim-zk-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a directory for ZooKeeper: " + std::string(std::strerror(errno)));
  return pattern;
}

}  // namespace

std::vector<std::string> Installation::jars() const {
  std::vector<std::string> out;
  for (const char* jar : {"zookeeper.jar", "zookeeper-jute.jar", "slf4j-api.jar", "slf4j-log4j12.jar", "log4j-1.2.jar"}) {
    out.push_back(jar_dir + "/" + jar);
  }
  return out;
}

std::string missing_components(const Installation& inst) {
  std::string missing;
  if (::access(inst.java.c_str(), X_OK) != 0) missing += " " + inst.java;
  for (const std::string& jar : inst.jars()) {
    if (!fs::exists(jar)) missing += " " + jar;
  }
  if (missing.empty()) return "";
  return "a real ZooKeeper server needs" + missing + " (scripts/setup-deps --live installs Debian's zookeeper and its Java)";
}

int free_loopback_port() {
  const Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (s.get() < 0 || ::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    throw std::runtime_error("cannot find a free port on 127.0.0.1: " + std::string(std::strerror(errno)));
  }
  return ntohs(a.sin_port);
}

bool port_listens(int port) {
  const Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const sockaddr_in a = loopback(port);
  return s.get() >= 0 && ::connect(s.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
}

std::string four_letter(int port, const std::string& command, milliseconds wait) {
  const auto deadline = steady_clock::now() + wait;
  const auto left = [&] {
    return static_cast<int>(std::max<int64_t>(0, std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now()).count()));
  };
  const Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (s.get() < 0) return "";
  const sockaddr_in a = loopback(port);
  if (::connect(s.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0 && errno != EINPROGRESS) return "";
  pollfd p{s.get(), POLLOUT, 0};
  if (::poll(&p, 1, left()) != 1) return "";
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) return "";
  if (::send(s.get(), command.data(), command.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(command.size())) return "";
  std::string reply;
  char buf[4096];
  while (true) {
    p = {s.get(), POLLIN, 0};
    if (::poll(&p, 1, left()) != 1) return "";
    const ssize_t n = ::recv(s.get(), buf, sizeof buf, 0);
    if (n == 0) return reply;  // the server closes after its answer
    if (n < 0) return errno == EINTR || errno == EAGAIN ? reply : "";
    reply.append(buf, static_cast<size_t>(n));
  }
}

Server::Server(Installation inst, ServerConfig config) : inst_(std::move(inst)), config_(std::move(config)), dir_(temporary_directory()) {
  if (config_.client_port == 0) config_.client_port = free_loopback_port();
  write_files();
}

Server::~Server() {
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void Server::write_files() const {
  fs::create_directories(dir_ + "/data");
  std::ofstream cfg(dir_ + "/zoo.cfg");
  cfg << "tickTime=" << config_.tick_ms << "\n"
      << "initLimit=" << config_.init_limit << "\nsyncLimit=" << config_.sync_limit << "\n"
      << "dataDir=" << dir_ << "/data\n"
      << "clientPort=" << config_.client_port << "\nclientPortAddress=127.0.0.1\n"
      // Nothing but the client port and the peers' ports: no admin web server on 8080.
      << "admin.enableServer=false\n"
      << "4lw.commands.whitelist=srvr,mntr,dump,ruok\n";
  if (config_.min_session_timeout_ms > 0) cfg << "minSessionTimeout=" << config_.min_session_timeout_ms << "\n";
  if (config_.max_session_timeout_ms > 0) cfg << "maxSessionTimeout=" << config_.max_session_timeout_ms << "\n";
  for (const Peer& p : config_.peers) {
    cfg << "server." << p.id << "=127.0.0.1:" << p.quorum_port << ":" << p.election_port << "\n";
  }
  if (!config_.peers.empty()) std::ofstream(dir_ + "/data/myid") << config_.id << "\n";
  std::ofstream(dir_ + "/log4j.properties") << "log4j.rootLogger=INFO, F\n"
                                            << "log4j.appender.F=org.apache.log4j.FileAppender\n"
                                            << "log4j.appender.F.File=" << log_file() << "\n"
                                            << "log4j.appender.F.layout=org.apache.log4j.PatternLayout\n"
                                            << "log4j.appender.F.layout.ConversionPattern=%d{ISO8601} %-5p [%t] %c{1} - %m%n\n";
  if (!cfg) throw std::runtime_error("cannot write " + dir_ + "/zoo.cfg");
}

void Server::start() {
  if (process_.running()) return;
  std::string classpath;
  for (const std::string& jar : inst_.jars()) classpath += (classpath.empty() ? "" : ":") + jar;
  // UTC, so that the log's stamps (wall clock, ISO 8601, no zone) read back without a zone.
  process_.start({inst_.java, "-Xmx" + config_.heap, "-Duser.timezone=UTC", "-Dlog4j.configuration=file:" + dir_ + "/log4j.properties", "-cp",
                  classpath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", dir_ + "/zoo.cfg"},
                 "ZooKeeper", -1, dir_ + "/out.log");
}

std::string Server::mode(milliseconds wait) {
  const std::string reply = four_letter(config_.client_port, "srvr", wait);
  const size_t at = reply.find("Mode: ");
  if (at == std::string::npos) return "";
  return reply.substr(at + 6, reply.find('\n', at) - at - 6);
}

bool Server::await_serving(steady_clock::time_point deadline) {
  while (process_.running()) {
    if (process_.reap(milliseconds(0))) return false;  // it ended: its out.log and server.log say why
    if (!mode().empty()) return true;
    if (steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return false;
}

void Server::pause() { process_.pause(); }
void Server::resume() { process_.resume(); }
void Server::kill() { process_.kill(); }
void Server::stop() { process_.stop(); }

}  // namespace leasesim::live::zookeeper
