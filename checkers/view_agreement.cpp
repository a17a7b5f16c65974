#include "checkers/view_agreement.h"

#include <algorithm>
#include <charconv>

namespace leasesim::checkers {

using sim::EventKind;

ViewAgreementChecker::ViewAgreementChecker(sim::Trace& trace) : trace_(trace) {
  sym_name_ = trace_.intern("view_agreement");
}

std::optional<std::pair<int64_t, std::string>> ViewAgreementChecker::parse(std::string_view text) {
  constexpr std::string_view kPrefix = "view ";
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  const size_t colon = text.find(": ");
  if (colon == std::string_view::npos) return std::nullopt;
  int64_t version = 0;
  const auto [end, err] = std::from_chars(text.data(), text.data() + colon, version);
  if (err != std::errc() || end != text.data() + colon) return std::nullopt;
  return std::make_pair(version, std::string(text.substr(colon + 2)));
}

// The kinds on_event reads: a kind added there goes here too.
sim::KindSet ViewAgreementChecker::kinds() const {
  return sim::kinds_of({EventKind::node_crashed, EventKind::state});
}

void ViewAgreementChecker::on_event(const sim::TraceEvent& e) {
  if (e.kind == EventKind::node_crashed) return close(e.node, e.t, false);
  if (e.kind != EventKind::state) return;
  const auto view = parse(trace_.text(e.symbol));
  if (!view) return;
  const auto& [version, content] = *view;
  auto [ref, first] = first_.try_emplace(version, content, e.node);
  const bool agrees = first || ref->second.first == content;
  if (auto it = open_.find(e.node); it != open_.end() && (it->second.version != static_cast<uint64_t>(version) || agrees)) {
    close(e.node, e.t, false);
  }
  if (agrees || open_.count(e.node) != 0) return;
  open_[e.node] = {static_cast<uint64_t>(version), ref->second.second, e.t, false};
  horizon_moved();
}

sim::Instant ViewAgreementChecker::horizon() const {
  sim::Instant h = sim::Instant::never();
  for (const auto& [node, w] : open_) {
    if (!w.announced) h = std::min(h, w.start + sim::Duration::nanos(1));
  }
  return h;
}

void ViewAgreementChecker::advance_to(sim::Instant t) {
  for (auto& [node, w] : open_) {
    if (w.announced || w.start >= t) continue;
    w.announced = true;
    trace_.record({w.start, EventKind::violation_start, node, w.other, sym_name_, w.version});
  }
  horizon_moved();
}

void ViewAgreementChecker::close(sim::NodeId node, sim::Instant t, bool cut_by_run_end) {
  auto it = open_.find(node);
  if (it == open_.end()) return;
  const Window w = it->second;
  open_.erase(it);
  horizon_moved();
  if (!w.announced) return;
  violations_.push_back({name(), node, w.version, w.other, 0, w.start, t, {}, cut_by_run_end});
  trace_.record({t, EventKind::violation_end, node, w.other, sym_name_, w.version, 0, cut_by_run_end ? 1 : 0});
}

void ViewAgreementChecker::finish(sim::Instant end) {
  advance_to(end);
  while (!open_.empty()) close(open_.begin()->first, end, true);
}

}  // namespace leasesim::checkers
