#include "live/zookeeper/client_events.h"

#include <algorithm>
#include <cstdlib>

#include "reports/json.h"
#include "reports/json_reader.h"
#include "sim/duration_text.h"

namespace leasesim::live::zookeeper {

namespace {
constexpr uint64_t kSessionsPerServer = 1'000'000;  // the model's epoch numbering (server.cpp)
}

ClientEvents::ClientEvents(Timeline& timeline, const leasesim::zookeeper::ZooKeeperParams& params, std::vector<sim::NodeId> servers)
    : timeline_(timeline), params_(params), servers_(std::move(servers)) {}

uint64_t ClientEvents::epoch_of(uint64_t session, sim::NodeId client, sim::NodeId server) {
  const auto it = sessions_.find(session);
  if (it != sessions_.end()) return it->second.epoch;
  const uint64_t myid = static_cast<uint64_t>(std::find(servers_.begin(), servers_.end(), server) - servers_.begin()) + 1;
  const uint64_t epoch = myid * kSessionsPerServer + ++created_[server];
  Session made;
  made.client = client;
  made.epoch = epoch;
  sessions_.emplace(session, std::move(made));
  return epoch;
}

void ClientEvents::finish() {
  for (auto& [id, session] : sessions_) {
    for (const auto& [server, t] : session.expiries) {
      if (!session.last_valid.is_never() && session.last_valid > t) continue;  // it outlived this one
      session.expired = std::min(session.expired, t);
      timeline_.add(t, server, "lease_expired",
                    ", \"holder\": " + reports::json_string(timeline_.name(session.client)) + ", \"epoch\": " + std::to_string(session.epoch));
    }
    session.expiries.clear();
  }
  const int64_t tick_ms = params_.tick_time.ns / 1'000'000;
  for (const Touch& touch : touches_) {
    const Connection& c = touch.connection;
    const Session& session = sessions_.at(c.session);
    if (touch.t >= session.expired) continue;
    const int64_t until_ms = ((touch.t.ns / 1'000'000 + c.timeout_ms) / tick_ms + 1) * tick_ms;
    const std::string until = sim::format_ms(until_ms * 1'000'000);
    timeline_.add(touch.t, c.server, "lease_granted",
                  ", \"holder\": " + reports::json_string(timeline_.name(c.client)) + ", \"epoch\": " + std::to_string(session.epoch) +
                      ", \"until_ms\": " + until + ", \"until_local_ms\": " + until);
  }
  touches_.clear();
}

void ClientEvents::on_frame(sim::NodeId from, sim::NodeId to, uint64_t connection, const FrameInfo& f, sim::Instant t) {
  if (f.kind == "ConnectRequest") {
    Connection& c = connections_[connection];
    c.client = from;
    c.server = to;
    c.requested = t;
    return;
  }
  const auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  if (f.kind == "ConnectResponse") {
    if (f.timeout_ms <= 0) return;  // the session is gone: the client hears EXPIRED
    c.session = static_cast<uint64_t>(f.session);
    c.timeout_ms = f.timeout_ms;
    c.established = true;
    epoch_of(c.session, c.client, c.server);
    sessions_.at(c.session).last_valid = t;
    views_[c.client].server = c.server;
    grant(c, c.requested);  // the server touched it when the request came
    return;
  }
  // A request or a ping touches the session; the closing of the connection does not.
  if (from == c.client && c.established && f.kind != "Close") grant(c, t);
}

void ClientEvents::on_expiry(sim::NodeId server, sim::Instant t, uint64_t session) {
  const auto it = sessions_.find(session);
  if (it == sessions_.end()) return;  // not a session of the run (none other is expected)
  it->second.expiries.emplace_back(server, t);
}

void ClientEvents::lose_belief(sim::NodeId client, sim::Instant t) {
  View& v = views_[client];
  if (v.believing) timeline_.add(t, client, "lease_dropped", ", \"epoch\": " + std::to_string(v.epoch));
  if (v.lock) {
    timeline_.add(t, client, "lock_released", ", \"lock\": " + reports::json_string(params_.lock) + ", \"session\": " + std::to_string(v.epoch));
  }
  v.believing = false;
  v.lock = false;
}

void ClientEvents::on_line(sim::NodeId client, const std::string& line, int64_t t0_ns) {
  reports::JsonValue v;
  try {
    v = reports::parse_json(line, reports::JsonLimits{}, "a zkclient line");
  } catch (const std::exception&) {
    ++bad_lines_;
    return;
  }
  const reports::JsonValue* stamp = v.find("t_ns");
  const reports::JsonValue* event = v.find("event");
  if (stamp == nullptr || event == nullptr) {
    ++bad_lines_;
    return;
  }
  const sim::Instant t{std::strtoll(stamp->text.c_str(), nullptr, 10) - t0_ns};
  View& view = views_[client];
  const std::string peer = view.server == sim::kNoNode ? "" : ", \"peer\": " + reports::json_string(timeline_.name(view.server));
  if (event->text == "state") {
    const reports::JsonValue* state = v.find("state");
    const reports::JsonValue* session = v.find("session");
    const std::string s = state ? state->text : "";
    if (s == "CONNECTED" && session != nullptr) {
      const uint64_t id = std::strtoull(session->text.c_str(), nullptr, 16);
      view.epoch = epoch_of(id, client, view.server);
      view.believing = true;
      timeline_.add(t, client, "state", peer + ", \"state\": \"CONNECTED\"");
      timeline_.add(t, client, "lease_believed", ", \"epoch\": " + std::to_string(view.epoch) + ", \"until_ms\": null, \"until_local_ms\": null");
    } else if (s == "CONNECTING") {
      lose_belief(client, t);
      timeline_.add(t, client, "state", ", \"state\": \"CONNECTING\"");
    } else if (s == "EXPIRED") {
      lose_belief(client, t);
      timeline_.add(t, client, "state", peer + ", \"state\": \"EXPIRED\"");
      timeline_.add(t, client, "expiry_learned", ", \"epoch\": " + std::to_string(view.epoch));
    } else if (!s.empty()) {
      timeline_.add(t, client, "state", ", \"state\": " + reports::json_string(s));
    }
  } else if (event->text == "lock_held") {
    view.lock = true;
    timeline_.add(t, client, "lock_held", ", \"lock\": " + reports::json_string(params_.lock) + ", \"session\": " + std::to_string(view.epoch));
  } else if (event->text == "node_deleted" && params_.for_client(timeline_.name(client)).observer) {
    timeline_.add(t, client, "state", ", \"state\": " + reports::json_string("NodeDeleted " + params_.lock));
  }
}

}  // namespace leasesim::live::zookeeper
