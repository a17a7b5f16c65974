#include "live/zookeeper/run_zookeeper.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <thread>

#include "harness/fault_injector.h"
#include "harness/fault_target.h"
#include "harness/run_limits.h"
#include "live/event_loop.h"
#include "live/priority.h"
#include "live/zookeeper/client_events.h"
#include "live/zookeeper/fake_clock.h"
#include "live/zookeeper/proxy.h"
#include "model/zookeeper/params.h"
#include "reports/jsonl_trace.h"

namespace leasesim::live::zookeeper {

using leasesim::zookeeper::ZooKeeperParams;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

std::string at(const harness::Scenario& s, const harness::SourcePos& pos) {
  return s.file + ":" + std::to_string(std::max(pos.line, 1)) + ":" + std::to_string(std::max(pos.column, 1)) + ": ";
}

// Frames a TCP connection can lose without breaking its stream: pings and their replies (xid -2
// skips the client's xid check), or everything (nothing follows to mismatch).
bool stream_safe_drop(const harness::Selector& s) { return s.message.empty() || s.message == "Ping" || s.message == "PingReply"; }

int64_t ms_of(sim::Duration d) { return d.ns / 1'000'000; }

constexpr size_t kMaxServers = 5;

std::vector<sim::NodeId> server_ids(const harness::Scenario& s) {
  std::vector<sim::NodeId> out;
  const std::vector<std::string> names = s.node_names();
  for (const std::string& server : s.nodes_of("server")) out.push_back(static_cast<sim::NodeId>(std::find(names.begin(), names.end(), server) - names.begin()));
  return out;
}

// The nodes whose clocks the scenario moves: given a clock, or a clock fault, or a pause that
// stops the clock. Only these run under libfaketime (it costs a file read per clock call).
std::vector<bool> faked_clocks(const harness::Scenario& s, const std::vector<std::string>& names) {
  std::vector<bool> out(names.size(), false);
  const auto mark = [&](const std::string& node) {
    const auto it = std::find(names.begin(), names.end(), node);
    if (it != names.end()) out[static_cast<size_t>(it - names.begin())] = true;
  };
  for (const auto& [node, spec] : s.clocks) mark(node);
  for (const harness::Fault& f : s.faults) {
    if (const auto* clock = std::get_if<harness::ClockFault>(&f.action)) mark(clock->node);
    if (const auto* pause = std::get_if<harness::PauseFault>(&f.action); pause && pause->clock == harness::PauseClock::stops) mark(pause->node);
  }
  return out;
}

}  // namespace

std::optional<std::string> why_not_real(const harness::Scenario& s, const RealOptions& o) {
  const auto& p = params_of<ZooKeeperParams>(*s.protocol.params);
  const std::string file = s.file + ":1:1: ";
  const std::string so = " (run it simulated, or with `--actors model`)";
  if (s.nodes_of("server").size() > kMaxServers) {
    return file + "a real ZooKeeper run starts at most " + std::to_string(kMaxServers) + " servers (JVMs of 75 MB each), not " +
           std::to_string(s.nodes_of("server").size()) + so;
  }
  if (!s.nodes_of("resource").empty()) return file + "a fenced resource has no real counterpart: the real client does not write" + so;
  if (p.client != leasesim::zookeeper::ClientLibrary::c || p.curator) {
    return file + "the real client is the C client (zkclient, libzookeeper_mt): `client: java` and `curator: true` have no live counterpart yet" + so;
  }
  for (const auto& [name, c] : p.per_client) {
    if ((c.client && *c.client != leasesim::zookeeper::ClientLibrary::c) || (c.curator && *c.curator)) {
      return file + "client " + name + ": the real client is the C client; a Java or Curator client has no live counterpart yet" + so;
    }
  }
  const std::string faketime = " needs libfaketime on the real processes: opt in with `--faketime` (its limits: docs/live-zookeeper.md)";
  if (!s.clocks.empty() && !o.faketime) return file + "`clocks:`" + faketime + so;
  if (s.network.delay_lo != s.network.delay_hi) {
    return file + "a real run holds every frame for one fixed network delay: give `network.delay` as one value" + so;
  }
  for (const harness::Fault& f : s.faults) {
    const std::string here = at(s, f.pos);
    if (std::holds_alternative<harness::DuplicateFault>(f.action)) return here + "a TCP connection never duplicates a frame: `duplicate` cannot be done live" + so;
    if (std::holds_alternative<harness::StallTimersFault>(f.action)) {
      return here + "`stall_timers` needs control of one thread of the JVM from outside, which a real run does not have" + so;
    }
    if (std::holds_alternative<harness::ClockFault>(f.action) && !o.faketime) return here + "a clock fault" + faketime + so;
    if (const auto* pause = std::get_if<harness::PauseFault>(&f.action); pause && pause->clock == harness::PauseClock::stops && !o.faketime) {
      return here + "`clock: stops` (the clock stepped back by the pause at SIGCONT)" + faketime + so;
    }
    if (const auto* drop = std::get_if<harness::DropFault>(&f.action); drop && !stream_safe_drop(drop->select)) {
      return here + "dropping " + drop->select.message +
             " frames out of a TCP stream breaks it (the next reply fails the client's xid check): a real run drops only Ping, PingReply or "
             "every frame of a link" + so;
    }
    if (const auto* restart = std::get_if<harness::RestartFault>(&f.action)) {
      const auto& servers = s.nodes_of("server");
      if (std::find(servers.begin(), servers.end(), restart->node) == servers.end()) {
        return here + "a real run restarts servers only; a restarted client would be a new process" + so;
      }
      if (restart->options) return here + "a real server restarts from its data directory: the model's restart settings do not apply" + so;
    }
  }
  return std::nullopt;
}

std::string missing_for_real(const RealOptions& o) {
  std::string missing = missing_components(Installation{});
  if (o.faketime && ::access(kFakeTimeLibrary, R_OK) != 0) {
    missing += std::string(missing.empty() ? "" : "; ") + "--faketime needs Debian's libfaketime (" + kFakeTimeLibrary + "): scripts/setup-deps --live";
  }
  if (::access(o.client_binary.c_str(), X_OK) != 0) {
    missing += std::string(missing.empty() ? "" : "; ") + o.client_binary +
               " is not built: it needs Debian's libzookeeper-mt-dev (scripts/setup-deps --live), then a new build";
  }
  return missing;
}

namespace {

// Wall-clock ms (the server log's stamps) to the run's instants: CLOCK_REALTIME - CLOCK_MONOTONIC
// read once, at t0 (the log has 1 ms resolution; NTP slewing during a run moves it microseconds).
class WallToRun {
 public:
  WallToRun(steady_clock::time_point t0, int64_t realtime_minus_monotonic) : t0_ns_(t0.time_since_epoch().count()), offset_ns_(realtime_minus_monotonic) {}
  sim::Instant of_wall_ms(int64_t wall_ms) const { return sim::Instant{wall_ms * 1'000'000 - offset_ns_ - t0_ns_}; }
  sim::Instant of_monotonic_ns(int64_t ns) const { return sim::Instant{ns - t0_ns_}; }

 private:
  int64_t t0_ns_;
  int64_t offset_ns_;
};

// "2026-11-30 12:00:00,123 INFO ... Expiring session 0x1000b2c3d40000, timeout of 6000ms exceeded"
// (log4j's ISO8601 in UTC: the server runs with -Duser.timezone=UTC).
bool parse_expiry(const std::string& line, int64_t& wall_ms, uint64_t& session) {
  const size_t at = line.find("Expiring session 0x");
  if (at == std::string::npos || line.size() < 23) return false;
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(line.c_str(), "%d-%d-%d %d:%d:%d,%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) != 7) {
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  wall_ms = static_cast<int64_t>(::timegm(&tm)) * 1000 + millis;
  session = std::strtoull(line.c_str() + at + 19, nullptr, 16);
  return true;
}

class ServerNode;
class ClientNode;

// A signal during the set-up: every process started so far is stopped on the way out.
struct Interrupted {};
void stop_if_interrupted() {
  if (harness::interrupt_signal() != 0) throw Interrupted{};
}

class RealWorld final : public harness::FaultTarget {
 public:
  RealWorld(const harness::Scenario& s, const RealOptions& o)
      : s_(s), o_(o), p_(params_of<ZooKeeperParams>(*s.protocol.params)), names_(s.node_names()), timeline_(names_),
        proxy_(io_, timeline_, s.protocol.protocol->messages(), s.network.delay_lo, names_.size()),
        events_(timeline_, p_, server_ids(s)), controls_(names_.size(), nullptr), clocks_(names_.size()) {
    for (const std::string& n : names_) trace_.add_node(n);
    if (o.faketime) make_clocks();
    sink_ = std::make_unique<Rendered>(trace_, timeline_);
    trace_.add_sink(sink_.get());
  }

  RealOutcome run();

  // FaultTarget
  sim::Scheduler& scheduler() override { return sched_; }
  sim::Trace& trace() override { return trace_; }
  sim::NetworkFaults& network() override { return proxy_; }
  sim::NodeControl& node(sim::NodeId id) override;
  sim::NodeId node_id(const std::string& name) const override {
    for (sim::NodeId i = 0; i < names_.size(); ++i) {
      if (names_[i] == name) return i;
    }
    return sim::kNoNode;
  }
  Deployment& deployment() override { return deployment_; }

  ~RealWorld() {
    std::error_code ignored;
    if (!clock_dir_.empty()) std::filesystem::remove_all(clock_dir_, ignored);
  }

  // What a fault does to a process, at the scheduler's now().
  void node_event(sim::NodeId n, const char* event) { timeline_.add(sched_.now(), n, event); }
  FakeClock* clock_of(sim::NodeId n) { return clocks_[n].get(); }
  FaultProxy& proxy() { return proxy_; }

 private:
  // The fault injector's own records (fault_start, fault_end), as the trace writer renders them.
  class Rendered final : public sim::TraceSink {
   public:
    Rendered(const sim::Trace& t, Timeline& tl) : trace_(t), timeline_(tl) {}
    void on_event(const sim::TraceEvent& e) override { timeline_.add_rendered(e.t, reports::render_event_json(e, trace_)); }

   private:
    const sim::Trace& trace_;
    Timeline& timeline_;
  };
  class At final : public sim::EventTarget {
   public:
    explicit At(std::function<void()> fn) : fn_(std::move(fn)) {}
    void on_event(uint64_t) override { fn_(); }

   private:
    std::function<void()> fn_;
  };

  void make_clocks();
  void start_servers();
  void warm_up();
  void start_clients();
  void read_client(size_t k);
  void tail_log(bool last);

  const harness::Scenario& s_;
  const RealOptions& o_;
  const ZooKeeperParams& p_;
  std::vector<std::string> names_;
  Timeline timeline_;
  // Before everything that holds handlers on it: destroyed last. Run by a thread of its own
  // during the set-up (an ensemble elects through the proxy), then by the run loop.
  asio::io_context io_;
  LiveScheduler sched_;
  sim::Trace trace_;
  std::unique_ptr<Rendered> sink_;
  FaultProxy proxy_;
  ClientEvents events_;
  Deployment deployment_;  // a real server restarts from its own data: nothing to tell it
  std::vector<std::unique_ptr<Server>> servers_;
  std::vector<std::unique_ptr<ServerNode>> server_nodes_;
  std::vector<std::unique_ptr<ClientNode>> clients_;
  std::unique_ptr<WallToRun> wall_;
  int64_t t0_ns_ = 0;
  std::unique_ptr<asio::steady_timer> log_timer_;
  std::vector<std::streamoff> log_read_;  // per server
  std::vector<std::string> log_rest_;
  std::vector<std::unique_ptr<At>> ats_;
  std::vector<sim::NodeControl*> controls_;  // by node id
  const int64_t realtime_minus_monotonic_ = realtime_minus_monotonic_ns();
  std::string clock_dir_;                          // the libfaketime specifications
  std::vector<std::unique_ptr<FakeClock>> clocks_;  // by node id; null: the real clock
};

// A process as a fault injector acts on it: pauses nest into one SIGSTOP / SIGCONT; its clock
// moves through libfaketime (fake_clock.h) if the run has one for it, which why_not_real makes
// sure of; stalls are refused up front, so they never come here.
class ProcessNode : public sim::NodeControl {
 public:
  void begin_stall() override {}
  void end_stall() override {}
  void begin_pause(bool clock_stops) override {
    if (pauses_++ == 0) process().pause();
    if (clock_stops && clock_ != nullptr && clock_stops_++ == 0) clock_->stop(monotonic_ns());
  }
  // The clock's new reading is written before SIGCONT: the process's first call reads it.
  void end_pause(bool clock_stops) override {
    if (clock_stops && clock_ != nullptr && --clock_stops_ == 0) clock_->resume(monotonic_ns());
    if (--pauses_ == 0) process().resume();
  }
  void set_drift(int64_t drift_ppb) override {
    if (clock_ != nullptr) clock_->set_drift(monotonic_ns(), drift_ppb);
  }
  void jump_clock(sim::Duration step) override {
    if (clock_ != nullptr) clock_->jump(monotonic_ns(), step);
  }
  void connection_lost(sim::NodeId peer) override { w_.proxy().reset(id_, peer); }
  sim::NodeId id() const { return id_; }

 protected:
  ProcessNode(RealWorld& w, sim::NodeId id) : w_(w), id_(id), clock_(w.clock_of(id)) {}
  ~ProcessNode() = default;
  virtual Process& process() = 0;

  RealWorld& w_;
  sim::NodeId id_;
  FakeClock* clock_;
  int pauses_ = 0;
  int clock_stops_ = 0;
};

class ServerNode final : public ProcessNode {
 public:
  ServerNode(RealWorld& w, Server& s, sim::NodeId id) : ProcessNode(w, id), s_(s) {}
  bool up() const override { return up_; }
  void crash() override {
    s_.kill();
    up_ = false;
    w_.node_event(id_, "node_crashed");
  }
  // The process is started again on its data directory; it serves a second or two later (the
  // JVM's start), which the trace shows as the first frames it answers. Restarted within a
  // pause, it stays stopped until the pause ends, as a simulated node does (sim/node_impl.h).
  void restart() override {
    if (clock_ != nullptr) clock_->starting(monotonic_ns());
    s_.start();
    if (pauses_ > 0) s_.pause();
    up_ = true;
    w_.node_event(id_, "node_started");
  }

 private:
  Process& process() override { return s_.process(); }
  Server& s_;
  bool up_ = true;
};

// A zkclient process: its output read as it comes, its start held until t0.
class ClientNode final : public ProcessNode {
 public:
  ClientNode(RealWorld& w, sim::NodeId id, asio::io_context& io) : ProcessNode(w, id), out_(io) {}
  bool up() const override { return true; }
  void crash() override {}  // refused up front
  void restart() override {}

  Process& process() override { return process_; }
  asio::posix::stream_descriptor& out() { return out_; }
  int go_fd = -1;  // written once at t0: the client connects
  std::array<char, 4096> buf{};
  std::string partial;

 private:
  Process process_;
  asio::posix::stream_descriptor out_;
};

sim::NodeControl& RealWorld::node(sim::NodeId id) { return *controls_.at(id); }

void RealWorld::make_clocks() {
  const std::vector<bool> faked = faked_clocks(s_, names_);
  if (std::find(faked.begin(), faked.end(), true) == faked.end()) return;
  std::string dir = (std::filesystem::temp_directory_path() / "leasesim-clocks-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("cannot make a directory for the libfaketime specifications");
  clock_dir_ = dir;
  for (sim::NodeId n = 0; n < names_.size(); ++n) {
    if (!faked[n]) continue;
    const auto spec = s_.clocks.find(names_[n]);
    const sim::Clock target = spec == s_.clocks.end() ? sim::Clock{} : sim::Clock(spec->second.offset, spec->second.drift_ppm.ppb);
    clocks_[n] = std::make_unique<FakeClock>(clock_dir_ + "/" + names_[n], target, p_.tick_time.ns, realtime_minus_monotonic_);
  }
}

void RealWorld::start_servers() {
  const std::vector<std::string>& servers = s_.nodes_of("server");
  const size_t n = servers.size();
  struct Ports {
    int client, quorum, election;
  };
  std::vector<Ports> real(n);
  for (Ports& p : real) p = {free_loopback_port(), free_loopback_port(), free_loopback_port()};
  for (size_t i = 0; i < n; ++i) {
    ServerConfig c;
    c.id = static_cast<int>(i + 1);
    c.client_port = real[i].client;
    c.tick_ms = ms_of(p_.tick_time);
    c.sync_limit = static_cast<int>(p_.sync_limit);
    c.init_limit = static_cast<int>(p_.init_limit);
    if (p_.min_session_timeout) c.min_session_timeout_ms = ms_of(*p_.min_session_timeout);
    if (p_.max_session_timeout) c.max_session_timeout_ms = ms_of(*p_.max_session_timeout);
    // An ensemble's members reach each other through the proxy: server i lists itself at its
    // own ports (it binds them) and each peer at the proxy's port for the link i -> peer.
    for (size_t k = 0; n > 1 && k < n; ++k) {
      if (k == i) {
        c.peers.push_back({c.id, real[i].quorum, real[i].election});
      } else {
        const sim::NodeId from = node_id(servers[i]), to = node_id(servers[k]);
        c.peers.push_back({static_cast<int>(k + 1), proxy_.add_peer_link(from, to, real[k].quorum), proxy_.add_peer_link(from, to, real[k].election)});
      }
    }
    servers_.push_back(std::make_unique<Server>(Installation{}, c));
    if (FakeClock* clock = clock_of(node_id(servers[i]))) servers_.back()->process().set_environment(clock->environment());
    server_nodes_.push_back(std::make_unique<ServerNode>(*this, *servers_.back(), node_id(servers[i])));
    controls_[node_id(servers[i])] = server_nodes_.back().get();
  }
  // The proxy forwards the members' election and quorum traffic while they start: its
  // io_context runs on a thread of its own until t0, touched by nothing else meanwhile.
  // The guard is released first: an io_context whose work runs out stops itself, and that stop
  // must come before restart(), not after it (it would end the run at once).
  struct Thread {
    asio::io_context& io;
    asio::executor_work_guard<asio::io_context::executor_type> guard{io.get_executor()};
    std::thread t{[this] { io.run(); }};
    ~Thread() {
      guard.reset();
      io.stop();
      t.join();
      io.restart();
    }
  } proxy_thread{io_};
  // The model's ensemble starts together and elects the highest myid (FastLeaderElection's
  // order: epoch, zxid, then sid); real JVMs start seconds apart, and two early ones can elect
  // the higher of themselves before the last arrives. The highest myid starts first, and the
  // others once its election port listens, so that the real leader is the model's.
  const auto deadline = steady_clock::now() + std::chrono::seconds(90);
  const auto start = [this, &servers](size_t k) {
    if (FakeClock* clock = clock_of(node_id(servers[k]))) clock->starting(monotonic_ns());
    servers_[k]->start();
  };
  start(n - 1);
  if (n > 1) {
    while (!port_listens(real.back().election)) {
      stop_if_interrupted();
      if (!servers_.back()->running() || steady_clock::now() >= deadline) {
        throw std::runtime_error("the ZooKeeper server did not open its election port within 90 s; its output: " + servers_.back()->dir() +
                                 "/out.log");
      }
      std::this_thread::sleep_for(milliseconds(20));
    }
  }
  for (size_t k = 0; k < n; ++k) start(k);
  for (auto& server : servers_) {
    // In short steps, so that Ctrl-C during a JVM's start stops the run at once.
    while (!server->await_serving(std::min(deadline, steady_clock::now() + milliseconds(100)))) {
      stop_if_interrupted();
      if (!server->running() || steady_clock::now() >= deadline) {
        throw std::runtime_error("the ZooKeeper server did not serve within 90 s; its output: " + server->dir() + "/out.log");
      }
    }
  }
  warm_up();
  // Each server's role as the run starts, as the model records it at zero.
  for (size_t i = 0; i < n; ++i) {
    const std::string mode = servers_[i]->mode();
    const std::string state = mode == "leader" ? "LEADING" : mode == "follower" ? "FOLLOWING" : mode == "standalone" ? "LEADING" : "LOOKING";
    timeline_.add(sim::Instant{0}, node_id(servers[i]), "state", ", \"state\": \"" + state + "\"");
  }
}

// A young JVM answers its first sessions tens of milliseconds late (measured: the first
// ConnectResponse 42 ms after its request, later ones 5 ms): before t0, throwaway sessions
// straight to each server connect, create and delete a node, and close.
void RealWorld::warm_up() {
  constexpr int kRounds = 2;
  for (auto& server : servers_) {
    for (int round = 0; round < kRounds; ++round) {
      int out[2];
      if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("cannot make a pipe for the warm-up client");
      Process client;
      client.start({o_.client_binary, "--servers", "127.0.0.1:" + std::to_string(server->client_port()), "--timeout", std::to_string(ms_of(p_.session_timeout)),
                    "--lock", "/leasesim-warm-up", "--name", "warm-up"},
                   "zkclient", out[1], "");
      ::close(out[1]);
      std::string seen;
      const auto give_up = steady_clock::now() + std::chrono::seconds(10);
      while (seen.find("lock_held") == std::string::npos && steady_clock::now() < give_up && harness::interrupt_signal() == 0) {
        pollfd pfd{out[0], POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0) continue;
        char buf[512];
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        seen.append(buf, static_cast<size_t>(n));
      }
      client.stop(15, milliseconds(2000));
      ::close(out[0]);
      stop_if_interrupted();
    }
  }
}

void RealWorld::start_clients() {
  const std::vector<std::string>& servers = s_.nodes_of("server");
  for (const std::string& name : s_.nodes_of("client")) {
    const sim::NodeId id = node_id(name);
    const auto connect = p_.connect.find(name);
    const std::vector<std::string>& order = connect != p_.connect.end() ? connect->second : servers;
    std::string hosts;
    for (const std::string& server : order) {
      const size_t k = static_cast<size_t>(std::find(servers.begin(), servers.end(), server) - servers.begin());
      hosts += (hosts.empty() ? "" : ",") + std::string("127.0.0.1:") + std::to_string(proxy_.add_link(id, node_id(server), servers_[k]->client_port()));
    }
    const auto settings = p_.for_client(name);
    std::vector<std::string> argv{o_.client_binary, "--servers", hosts, "--timeout", std::to_string(ms_of(settings.session_timeout)), "--name", name};
    if (!p_.lock.empty()) {
      argv.insert(argv.end(), {"--lock", p_.lock});
      if (settings.observer) argv.push_back("--observe");
    }
    if (!p_.new_session_after_expiry) argv.push_back("--no-new-session");
    int out[2], go[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(go, O_CLOEXEC) != 0) throw std::runtime_error("cannot make a pipe for a client");
    argv.insert(argv.end(), {"--start-fd", std::to_string(go[0])});
    auto c = std::make_unique<ClientNode>(*this, id, io_);
    if (FakeClock* clock = clock_of(id)) {
      c->process().set_environment(clock->environment());
      clock->starting(monotonic_ns());
    }
    c->process().start(argv, "zkclient", out[1], "", go[0]);
    ::close(out[1]);
    ::close(go[0]);
    c->out().assign(out[0]);
    c->go_fd = go[1];
    controls_[id] = c.get();
    clients_.push_back(std::move(c));
    read_client(clients_.size() - 1);
  }
}

void RealWorld::read_client(size_t k) {
  ClientNode& node = *clients_[k];
  node.out().async_read_some(asio::buffer(node.buf), [this, k](const boost::system::error_code& ec, size_t n) {
    if (ec) return;
    ClientNode& c = *clients_[k];
    c.partial.append(c.buf.data(), n);
    size_t nl;
    while ((nl = c.partial.find('\n')) != std::string::npos) {
      const std::string line = c.partial.substr(0, nl);
      c.partial.erase(0, nl + 1);
      events_.on_line(c.id(), line, t0_ns_);
    }
    read_client(k);
  });
}

void RealWorld::tail_log(bool last) {
  for (size_t k = 0; k < servers_.size(); ++k) {
    std::ifstream log(servers_[k]->log_file(), std::ios::binary);
    if (!log) continue;
    log.seekg(log_read_[k]);
    std::string chunk((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    log_read_[k] += static_cast<std::streamoff>(chunk.size());
    std::string& rest = log_rest_[k];
    rest += chunk;
    size_t nl;
    while ((nl = rest.find('\n')) != std::string::npos) {
      const std::string line = rest.substr(0, nl);
      rest.erase(0, nl + 1);
      int64_t wall_ms = 0;
      uint64_t session = 0;
      // The leader's session tracker expires sessions: the server whose log says so.
      if (!parse_expiry(line, wall_ms, session)) continue;
      const sim::NodeId server = node_id(s_.nodes_of("server")[k]);
      // A faked clock's stamp is its own reading: mapped back through the specifications.
      const FakeClock* clock = clock_of(server);
      events_.on_expiry(server, clock != nullptr ? wall_->of_monotonic_ns(clock->monotonic_of(wall_ms * 1'000'000)) : wall_->of_wall_ms(wall_ms), session);
    }
  }
  if (last) return;
  log_timer_->expires_after(milliseconds(50));
  log_timer_->async_wait([this](const boost::system::error_code& ec) {
    if (!ec) tail_log(false);
  });
}

RealOutcome RealWorld::run() {
  RealOutcome result;
  LiveOutcome& out = result.outcome;
  const auto begin = steady_clock::now();
  const RaisedPriority priority;  // before the processes start: they inherit it
  out.priority_raised = priority.raised();
  start_servers();
  // What the servers logged while starting is not the run's.
  for (auto& server : servers_) {
    std::ifstream log(server->log_file(), std::ios::binary | std::ios::ate);
    log_read_.push_back(log ? static_cast<std::streamoff>(log.tellg()) : 0);
    log_rest_.emplace_back();
  }
  start_clients();

  // t0 on a tick boundary of CLOCK_MONOTONIC (steady_clock): the server's expiry buckets are
  // multiples of tickTime on its nanoTime, the same clock.
  const int64_t tick = p_.tick_time.ns;
  const int64_t earliest = (steady_clock::now() + milliseconds(300)).time_since_epoch().count();
  const steady_clock::time_point t0{steady_clock::duration((earliest / tick + 1) * tick)};
  wall_ = std::make_unique<WallToRun>(t0, realtime_minus_monotonic_);
  t0_ns_ = t0.time_since_epoch().count();
  for (auto& clock : clocks_) {
    if (clock) clock->align(t0_ns_, monotonic_ns());
  }
  proxy_.set_t0(t0);
  proxy_.on_delivered = [this](sim::NodeId from, sim::NodeId to, uint64_t connection, const FrameInfo& info, sim::Instant t) {
    events_.on_frame(from, to, connection, info, t);
  };
  EventLoop loop(io_, sched_);
  // A rule used up in the proxy ends its fault inside the run's scheduler, at once.
  proxy_.defer = [this, &loop](std::function<void()> fn) {
    ats_.push_back(std::make_unique<At>(std::move(fn)));
    sched_.post(proxy_.now(), ats_.back().get(), 0);
    loop.pump();
  };
  harness::FaultInjector faults(*this, s_);
  faults.schedule();
  ats_.push_back(std::make_unique<At>([this] {
    for (auto& c : clients_) {
      const char go = 1;
      (void)!::write(c->go_fd, &go, 1);
      ::close(c->go_fd);
      c->go_fd = -1;
    }
  }));
  sched_.schedule_at(sim::Instant{0}, ats_.back().get(), 0);
  log_timer_ = std::make_unique<asio::steady_timer>(io_);
  tail_log(false);
  out.set_up_ms = std::chrono::duration<double, std::milli>(t0 - begin).count();

  loop.run(sim::Instant{s_.duration.ns}, t0);
  out.reached = sim::Instant{(steady_clock::now() - t0).count()};
  out.wall_ms = out.reached.ns / 1e6;
  out.interrupted = loop.interrupted();
  out.lateness = sched_.lateness();
  out.messages_sent = proxy_.frames();

  // Tear down: the clients, the proxy, then the servers; what the log says by then is read.
  for (auto& c : clients_) c->process().stop(15, milliseconds(2000));
  proxy_.shut();
  tail_log(true);
  for (auto& server : servers_) server->stop();
  if (!o_.keep_dir.empty()) {
    std::filesystem::create_directories(o_.keep_dir);
    for (size_t k = 0; k < servers_.size(); ++k) {
      std::error_code ignored;
      std::filesystem::copy_file(servers_[k]->log_file(), o_.keep_dir + "/" + s_.nodes_of("server")[k] + ".log",
                                 std::filesystem::copy_options::overwrite_existing, ignored);
    }
  }
  events_.finish();
  result.trace_jsonl = timeline_.text(sim::Instant{s_.duration.ns});
  return result;
}

}  // namespace

RealOutcome run_real(const harness::Scenario& scenario, const RealOptions& options) {
  try {
    RealWorld world(scenario, options);
    return world.run();
  } catch (const Interrupted&) {
    RealOutcome out;
    out.outcome.interrupted = true;
    return out;
  } catch (const std::exception& e) {
    RealOutcome out;
    out.outcome.wire_error = e.what();
    return out;
  }
}

}  // namespace leasesim::live::zookeeper
