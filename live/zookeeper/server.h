// A real ZooKeeper 3.8 server (Debian's `zookeeper` package, Java) started by leasesim itself:
// on 127.0.0.1 only, in a temporary directory of its own (zoo.cfg, myid, log4j.properties, data,
// the server's log), in a process group of its own, awaited until `srvr` answers, and stopped
// by the pid leasesim recorded (SIGCONT, SIGTERM, SIGKILL after a grace), on every path out.
// Standalone, or one member of an ensemble whose peers are listed with the ports given (a
// fault proxy's, to put faults on the server-to-server links).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "live/zookeeper/process.h"

namespace leasesim::live::zookeeper {

// The jars the server runs from. Debian's zookeeper.jar names no SLF4J binding in its manifest:
// without slf4j-log4j12 and log4j the server logs nothing, not even "Expiring session".
struct Installation {
  std::string java = "/usr/bin/java";
  std::string jar_dir = "/usr/share/java";
  std::vector<std::string> jars() const;  // full paths, in classpath order
};

// What is missing from `inst` to start a server ("" if nothing), with how to install it.
std::string missing_components(const Installation& inst);

struct Peer {
  int id;              // myid, 1..255
  int quorum_port;     // where the others reach it (a proxy's port, or its own)
  int election_port;
};

struct ServerConfig {
  int id = 1;
  int client_port = 0;
  int64_t tick_ms = 2000;          // tickTime: the expiry buckets' width (protocols.md)
  int64_t min_session_timeout_ms = 0;  // 0: ZooKeeper's default, 2 x tickTime
  int64_t max_session_timeout_ms = 0;  // 0: ZooKeeper's default, 20 x tickTime
  int init_limit = 10;
  int sync_limit = 5;
  std::vector<Peer> peers;  // empty: standalone
  std::string heap = "256m";
};

// A free TCP port on 127.0.0.1 (the kernel's choice; free when asked, as any such choice).
int free_loopback_port();
// Whether something accepts TCP connections at 127.0.0.1:port now.
bool port_listens(int port);

// The reply of a four-letter command (`srvr`, `mntr`) at 127.0.0.1:port, "" if none came
// within `wait`.
std::string four_letter(int port, const std::string& command, std::chrono::milliseconds wait);

class Server {
 public:
  Server(Installation inst, ServerConfig config);  // writes its directory; starts nothing
  ~Server();                                       // stops it, removes the directory
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();  // throws std::runtime_error if the process cannot be started
  // Waits until `srvr` says it serves (Mode: standalone, leader or follower); false if the
  // deadline passed or the process ended first.
  bool await_serving(std::chrono::steady_clock::time_point deadline);
  // "standalone", "leader", "follower", or "" when it does not answer within `wait` (a loaded
  // machine's JVM can take a second).
  std::string mode(std::chrono::milliseconds wait = std::chrono::milliseconds(5000));
  void pause();        // SIGSTOP, returning once every thread has stopped: a GC pause, a suspended host
  void resume();       // SIGCONT, returning once the kernel has continued it
  void kill();         // SIGKILL, reaped: a crash; start() again is a restart on the same data
  void stop();         // SIGCONT, SIGTERM, SIGKILL after 5 s; idempotent

  Process& process() { return process_; }
  pid_t pid() const { return process_.pid(); }
  bool running() const { return process_.running(); }
  int client_port() const { return config_.client_port; }
  const std::string& dir() const { return dir_; }
  std::string log_file() const { return dir_ + "/server.log"; }

 private:
  void write_files() const;

  Installation inst_;
  ServerConfig config_;
  std::string dir_;
  Process process_;
};

}  // namespace leasesim::live::zookeeper
