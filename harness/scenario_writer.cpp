#include "harness/scenario_writer.h"

#include <sstream>

#include "sim/duration_text.h"

namespace leasesim::harness {
namespace {

using sim::format_duration;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// A plain YAML scalar when it is safe to leave unquoted, else a double-quoted one.
std::string scalar(const std::string& s) {
  bool plain = !s.empty() && s.find_first_of(":#{}[],&*!|>'\"%@`") == std::string::npos && s.front() != ' ' &&
               s.back() != ' ' && s.front() != '-' && s.front() != '?';
  for (char c : s) plain = plain && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + scalar(items[i]);
  return out + "]";
}

std::string ppm(sim::Ppm p) { return sim::format_decimal(p.ppb, 3); }

// Words of `text` folded at about 90 columns under a two-space indent.
std::string folded(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  std::string out;
  std::string line = "  ";
  while (in >> word) {
    if (line.size() > 2 && line.size() + 1 + word.size() > 92) {
      out += line + "\n";
      line = "  ";
    }
    line += (line.size() > 2 ? " " : "") + word;
  }
  return out + line + "\n";
}

struct MapWriter {
  std::string out = "{";
  bool first = true;
  MapWriter& add(const std::string& key, const std::string& value) {
    out += (first ? "" : ", ") + key + ": " + value;
    first = false;
    return *this;
  }
  std::string done() const { return out + "}"; }
};

void write_selector(MapWriter& m, const Selector& s) {
  if (!s.from.empty()) m.add("from", scalar(s.from));
  if (!s.to.empty()) m.add("to", scalar(s.to));
  if (!s.message.empty()) m.add("message", scalar(s.message));
}

std::string fault_line(const Fault& f) {
  MapWriter m;
  const std::string kind = std::visit(
      Overloaded{
          [&](const DelayFault& d) {
            write_selector(m, d.select);
            m.add("extra", format_duration(d.extra));
            return std::string("delay");
          },
          [&](const DropFault& d) {
            write_selector(m, d.select);
            return std::string("drop");
          },
          [&](const DuplicateFault& d) {
            write_selector(m, d.select);
            m.add("extra", format_duration(d.extra));
            return std::string("duplicate");
          },
          [&](const DisconnectFault& d) {
            if (d.both_ways) {
              m.add("between", list({d.from, d.to}));
            } else {
              m.add("from", scalar(d.from)).add("to", scalar(d.to));
            }
            return std::string("disconnect");
          },
          [&](const PartitionFault& p) {
            std::string groups = "[";
            for (size_t i = 0; i < p.groups.size(); ++i) groups += (i == 0 ? "" : ", ") + list(p.groups[i]);
            m.add("groups", groups + "]");
            return std::string("partition");
          },
          [&](const StallTimersFault& s) {
            m.add("node", scalar(s.node));
            return std::string("stall_timers");
          },
          [&](const PauseFault& p) {
            m.add("node", scalar(p.node));
            if (p.clock == PauseClock::stops) m.add("clock", "stops");
            return std::string("pause");
          },
          [&](const RestartFault& r) {
            m.add("node", scalar(r.node));
            if (r.node == "master") {
              static const char* kNames[] = {"recompute", "continue", "forget"};
              m.add("sessions", kNames[static_cast<int>(r.sessions)]);
            }
            return std::string("restart");
          },
          [&](const ClockFault& c) {
            m.add("node", scalar(c.node));
            if (c.drift_ppm) m.add("drift_ppm", ppm(*c.drift_ppm));
            if (c.jump) m.add("jump", format_duration(*c.jump));
            return std::string("clock");
          },
      },
      f.action);
  if (f.count) m.add("count", std::to_string(*f.count));
  if (f.lasts) m.add("for", format_duration(*f.lasts));
  return "  - at: " + format_duration({f.at.ns}) + "\n    " + kind + ": " + m.done() + "\n";
}

const char* library(zookeeper::ClientLibrary l) { return l == zookeeper::ClientLibrary::c ? "c" : "java"; }
const char* boolean(bool b) { return b ? "true" : "false"; }

std::string client_settings(const zookeeper::ClientSettings& c) {
  std::vector<std::string> parts;
  if (c.session_timeout) parts.push_back("session_timeout: " + format_duration(*c.session_timeout));
  if (c.client) parts.push_back(std::string("client: ") + library(*c.client));
  if (c.curator) parts.push_back(std::string("curator: ") + boolean(*c.curator));
  if (c.observer) parts.push_back("observer: true");
  std::string out = "{";
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : ", ") + parts[i];
  return out + "}";
}

std::string protocol_block(const ProtocolParams& params) {
  std::string o = "protocol:\n";
  std::visit(Overloaded{
                 [&](const zbs::ZbsParams& p) {
                   o += "  kind: zbs\n";
                   o += "  lease: " + format_duration(p.lease) + "\n";
                   o += "  keepalive_interval: " + format_duration(p.keepalive_interval) + "\n";
                   o += "  rpc_timeout: " + format_duration(p.rpc_timeout) + "\n";
                   o += "  network_margin: " + format_duration(p.network_margin) + "\n";
                   o += std::string("  follower_anchor: ") + (p.follower_anchor == zbs::FollowerAnchor::receive ? "receive" : "send") + "\n";
                   o += "  guard_ppm: " + ppm(p.guard_ppm) + "\n";
                   o += std::string("  expiry_check: ") + (p.expiry_check == zbs::ExpiryCheck::current ? "current" : "captured") + "\n";
                   o += "  wait_keepalive_timer: " + zbs::kWaitKeepaliveTimerNames[static_cast<size_t>(p.wait_keepalive_timer)] + "\n";
                   o += "  wait_keepalive_reply: " + zbs::kWaitKeepaliveReplyNames[static_cast<size_t>(p.wait_keepalive_reply)] + "\n";
                   o += "  follower_next_keepalive: " + zbs::kFollowerNextKeepaliveNames[static_cast<size_t>(p.follower_next_keepalive)] + "\n";
                   o += "  follower_keepalive_interval: " + format_duration(p.follower_keepalive_interval) + "\n";
                   o += "  persisted_deadline: " + zbs::kPersistedDeadlineNames[static_cast<size_t>(p.persisted_deadline)] + "\n";
                 },
                 [&](const zookeeper::ZooKeeperParams& p) {
                   o += "  kind: zookeeper\n";
                   o += "  tick_time: " + format_duration(p.tick_time) + "\n";
                   o += "  session_timeout: " + format_duration(p.session_timeout) + "\n";
                   if (p.min_session_timeout) o += "  min_session_timeout: " + format_duration(*p.min_session_timeout) + "\n";
                   if (p.max_session_timeout) o += "  max_session_timeout: " + format_duration(*p.max_session_timeout) + "\n";
                   o += std::string("  client: ") + library(p.client) + "\n";
                   o += "  sync_limit: " + std::to_string(p.sync_limit) + "\n";
                   o += "  init_limit: " + std::to_string(p.init_limit) + "\n";
                   o += "  election_time: " + format_duration(p.election_time) + "\n";
                   o += "  log_sync: " + format_duration(p.log_sync) + "\n";
                   o += "  processing_time: " + format_duration(p.processing_time) + "\n";
                   if (!p.lock.empty()) o += "  lock: " + scalar(p.lock) + "\n";
                   o += std::string("  lock_belief: ") + (p.lock_belief == zookeeper::LockBelief::connected ? "connected" : "until_lost") + "\n";
                   o += std::string("  curator: ") + boolean(p.curator) + "\n";
                   o += std::string("  new_session_after_expiry: ") + boolean(p.new_session_after_expiry) + "\n";
                   o += std::string("  c_cursor: ") + (p.c_cursor == zookeeper::CCursor::zookeeper_2466 ? "zookeeper_2466" : "fixed") + "\n";
                   o += std::string("  c_first_retry: ") + (p.c_first_retry == zookeeper::CFirstRetry::immediate ? "immediate" : "as_source") + "\n";
                   if (!p.connect.empty()) {
                     o += "  connect:\n";
                     for (const auto& [client, order] : p.connect) o += "    " + scalar(client) + ": " + list(order) + "\n";
                   }
                   if (!p.per_client.empty()) {
                     o += "  per_client:\n";
                     for (const auto& [client, c] : p.per_client) o += "    " + scalar(client) + ": " + client_settings(c) + "\n";
                   }
                 },
             },
             params);
  return o;
}

}  // namespace

std::string to_yaml(const Scenario& s) {
  std::string o = "name: " + scalar(s.name) + "\n";
  if (!s.description.empty()) o += "description: >\n" + folded(s.description);
  o += "seed: " + std::to_string(s.seed) + "\n";
  o += "duration: " + format_duration(s.duration) + "\n";
  o += protocol_block(s.protocol);
  if (std::holds_alternative<zbs::ZbsParams>(s.protocol)) {
    o += "followers: " + list(s.followers) + "\n";
  } else {
    o += "servers: " + list(s.servers) + "\n";
    o += "clients: " + list(s.clients) + "\n";
  }
  o += "network:\n  delay: ";
  o += s.network.delay_lo == s.network.delay_hi
           ? format_duration(s.network.delay_lo)
           : "{uniform: [" + format_duration(s.network.delay_lo) + ", " + format_duration(s.network.delay_hi) + "]}";
  o += "\n";
  if (!s.clocks.empty()) {
    o += "clocks:\n";
    for (const auto& [node, c] : s.clocks) {
      o += "  " + scalar(node) + ": " + MapWriter().add("drift_ppm", ppm(c.drift_ppm)).add("offset", format_duration(c.offset)).done() + "\n";
    }
  }
  if (!s.faults.empty()) {
    o += "faults:\n";
    for (const Fault& f : s.faults) o += fault_line(f);
  }
  if (s.expect.any()) {
    o += "expect:\n";
    for (const auto& [checker, v] : s.expect.verdicts) o += "  " + checker + ": " + (v == Verdict::holds ? "holds" : "violated") + "\n";
    for (const auto& [checker, r] : s.expect.reported) o += "  " + checker + ": " + (r ? "reported" : "clear") + "\n";
    if (s.expect.windows) {
      o += "  windows:";
      o += s.expect.windows->empty() ? " []\n" : "\n";
      for (const ExpectedWindow& w : *s.expect.windows) {
        MapWriter m;
        m.add("checker", w.checker).add("node", scalar(w.node)).add("start", format_duration({w.start.ns})).add("end", format_duration({w.end.ns}));
        if (w.paused) m.add("paused", format_duration(*w.paused));
        o += "    - " + m.done() + "\n";
      }
    }
    if (!s.expect.events.empty()) {
      o += "  events:\n";
      for (const ExpectedEvent& e : s.expect.events) {
        MapWriter m;
        m.add("event", e.event);
        if (!e.node.empty()) m.add("node", scalar(e.node));
        if (!e.name.empty()) m.add("name", scalar(e.name));
        if (e.at) m.add("at", format_duration({e.at->ns}));
        if (e.count) m.add("count", std::to_string(*e.count));
        o += "    - " + m.done() + "\n";
      }
    }
  }
  return o;
}

}  // namespace leasesim::harness
