// Reading an explore summary back (for `merge`), from a file anyone may have edited: parsed
// with the bounded JSON reader, every key known, every count checked against the others
// before it is used (runs within the shard's share, violating runs within the runs, shard
// counts within kMaxShards), so that merging adds up nothing it has not checked and can
// neither overflow nor loop over a count it was merely told.
#include <cstdlib>
#include <algorithm>
#include <limits>
#include <string_view>

#include "reports/explore_summary.h"
#include "reports/json_reader.h"
#include "sim/utf8.h"

namespace leasesim::reports {
namespace {

using Kind = JsonValue::Kind;

constexpr const char* kWhat = "an explore summary";
// Longer than any path or signature a summary holds.
constexpr size_t kMaxText = 4096;

[[noreturn]] void fail(const JsonValue& v, const std::string& path, const std::string& message) {
  throw JsonError(v.line, v.column, (path.empty() ? "" : path + ": ") + message);
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::null: return "null";
    case Kind::boolean: return "a boolean";
    case Kind::number: return "a number";
    case Kind::string: return "a string";
    case Kind::array: return "a list";
    case Kind::object: return "an object";
  }
  return "a value";
}

std::string key_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string item_path(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

// An object's members by key; a key outside `known` is an error, as in a scenario.
class Fields {
 public:
  Fields(const JsonValue& v, std::string path, const std::vector<std::string_view>& known) : v_(v), path_(std::move(path)) {
    if (v.kind != Kind::object) fail(v, path_, std::string("expected an object, got ") + kind_name(v.kind));
    for (const auto& [key, value] : v.members) {
      if (std::find(known.begin(), known.end(), key) == known.end()) fail(value, path_, "unknown key " + quote_text(key) + " in " + kWhat);
    }
  }
  const JsonValue* get(const char* key) const { return v_.find(key); }
  const JsonValue& require(const char* key) const {
    const JsonValue* v = v_.find(key);
    if (v == nullptr) fail(v_, path_, std::string("missing key '") + key + "'");
    return *v;
  }
  std::string path(const char* key) const { return key_path(path_, key); }

 private:
  const JsonValue& v_;
  std::string path_;
};

uint64_t whole(const JsonValue& v, const std::string& path) {
  const std::string expected = "expected a whole number from 0 to " + std::to_string(std::numeric_limits<uint64_t>::max());
  if (v.kind != Kind::number) fail(v, path, expected + ", got " + kind_name(v.kind));
  uint64_t n = 0;
  for (const char c : v.text) {
    const auto d = static_cast<uint64_t>(c - '0');
    if (c < '0' || c > '9' || n > (std::numeric_limits<uint64_t>::max() - d) / 10) fail(v, path, expected + ", got " + quote_text(v.text));
    n = n * 10 + d;
  }
  return n;
}

// Text that is printed as it is: no controls or invisible characters (a summary's strings
// reach the terminal), and no longer than any the explorer writes. `at` places the message.
const std::string& printable(const std::string& s, const JsonValue& at, const std::string& path) {
  if (s.size() > kMaxText) fail(at, path, "a string of " + std::to_string(s.size()) + " bytes; at most " + std::to_string(kMaxText));
  for (size_t i = 0; i < s.size();) {
    const sim::Utf8 u = sim::decode_utf8(s, i);  // the JSON reader has checked the encoding
    if (sim::invisible(u.code_point)) fail(at, path, quote_text(s) + " holds a control or invisible character");
    i += u.length;
  }
  return s;
}

std::string text(const JsonValue& v, const std::string& path) {
  if (v.kind != Kind::string) fail(v, path, std::string("expected a string, got ") + kind_name(v.kind));
  return printable(v.text, v, path);
}

// A wall time: 0 to 10^9 seconds (31 years).
double seconds(const JsonValue& v, const std::string& path) {
  const double x = v.kind == Kind::number ? std::strtod(v.text.c_str(), nullptr) : -1;
  if (!(x >= 0 && x <= 1e9)) fail(v, path, "expected a number from 0 to 1000000000");
  return x;
}

const std::vector<JsonValue>& list(const JsonValue& v, const std::string& path) {
  if (v.kind != Kind::array) fail(v, path, std::string("expected a list, got ") + kind_name(v.kind));
  return v.items;
}

// The runs of shard I/N of an exploration of `runs`: i < runs with i % N == I.
uint64_t shard_share(const ExploreSummary& s) {
  return s.runs > s.shard_index ? (s.runs - s.shard_index - 1) / s.shard_count + 1 : 0;
}

std::string shard_name(const ExploreSummary& s) {
  return "shard " + std::to_string(s.shard_index) + "/" + std::to_string(s.shard_count) + " of " + std::to_string(s.runs) + " runs";
}

uint64_t run_of(const JsonValue& v, const std::string& path, const ExploreSummary& s) {
  const uint64_t run = whole(v, path);
  if (run >= s.runs || run % s.shard_count != s.shard_index) {
    fail(v, path, "run " + std::to_string(run) + " is not one of " + shard_name(s) + " (i < " + std::to_string(s.runs) + " with i % " +
                      std::to_string(s.shard_count) + " == " + std::to_string(s.shard_index) + ")");
  }
  return run;
}

std::optional<uint64_t> run_or_null(const JsonValue& v, const std::string& path, const ExploreSummary& s) {
  if (v.kind == Kind::null) return std::nullopt;
  return run_of(v, path, s);
}

uint64_t at_most(const JsonValue& v, const std::string& path, uint64_t most, const std::string& bound) {
  const uint64_t n = whole(v, path);
  if (n > most) fail(v, path, std::to_string(n) + " is more than " + bound + ", " + std::to_string(most));
  return n;
}

// A first run, if `first` is there, exactly when there are runs of its kind.
std::optional<uint64_t> first_run(const JsonValue& v, const std::string& path, uint64_t runs, const char* counted, const ExploreSummary& s) {
  const std::optional<uint64_t> first = run_or_null(v, path, s);
  if (first.has_value() != (runs > 0)) {
    fail(v, path, std::string(first ? "a run" : "null") + " although " + counted + " is " + std::to_string(runs));
  }
  return first;
}

void read_shard(const Fields& top, ExploreSummary& s) {
  const Fields shard(top.require("shard"), "shard", {"index", "count"});
  const JsonValue& count = shard.require("count");
  s.shard_count = whole(count, shard.path("count"));
  if (s.shard_count == 0 || s.shard_count > kMaxShards) {
    fail(count, shard.path("count"), std::to_string(s.shard_count) + " shards; an exploration has 1 to " + std::to_string(kMaxShards));
  }
  const JsonValue& index = shard.require("index");
  s.shard_index = whole(index, shard.path("index"));
  if (s.shard_index >= s.shard_count) {
    fail(index, shard.path("index"), std::to_string(s.shard_index) + " is not below the shard count, " + std::to_string(s.shard_count));
  }
}

std::map<std::string, uint64_t> counts(const JsonValue& v, const std::string& path, uint64_t most, const std::string& bound) {
  std::map<std::string, uint64_t> out;
  if (v.kind != Kind::object) fail(v, path, std::string("expected an object, got ") + kind_name(v.kind));
  for (const auto& [key, n] : v.members) {
    if (key.empty()) fail(n, path, "an empty invariant name");
    out[printable(key, n, path)] = at_most(n, key_path(path, key), most, bound);
  }
  return out;
}

// A first run's shrinking. Summaries written before it was recorded shrank every first run
// unless the exploration stopped, and then none.
Shrinking read_shrinking(const Fields& f, const ExploreSummary& s) {
  const JsonValue* v = f.get("shrunk");
  if (v == nullptr) return s.stopped.empty() ? Shrinking::full : Shrinking::none;
  const std::string name = text(*v, f.path("shrunk"));
  for (const Shrinking k : {Shrinking::full, Shrinking::partial, Shrinking::none}) {
    if (name == shrinking_name(k)) return k;
  }
  fail(*v, f.path("shrunk"), quote_text(name) + " is not \"full\", \"partial\" or \"none\"");
}

DistinctViolation read_distinct(const Fields& f, const ExploreSummary& s) {
  DistinctViolation d;
  d.checker = text(f.require("checker"), f.path("checker"));
  d.signature = text(f.require("signature"), f.path("signature"));
  d.run = run_of(f.require("run"), f.path("run"), s);
  d.run_seed = whole(f.require("run_seed"), f.path("run_seed"));
  d.faults_drawn = whole(f.require("faults_drawn"), f.path("faults_drawn"));
  d.faults_kept = at_most(f.require("faults_kept"), f.path("faults_kept"), d.faults_drawn, "faults_drawn");
  d.file = text(f.require("file"), f.path("file"));
  d.shrunk = read_shrinking(f, s);
  if (!s.stopped.empty() || d.shrunk == Shrinking::full) return d;
  fail(f.require("shrunk"), f.path("shrunk"), std::string("\"") + shrinking_name(d.shrunk) + "\" although the exploration was not stopped");
}

const std::vector<std::string_view> kDistinctKeys = {"checker", "signature", "run", "run_seed", "faults_drawn", "faults_kept", "shrunk", "file"};
const std::vector<std::string_view> kFirstRunKeys = {"drawn_kinds", "checker",     "signature",   "run",    "run_seed",
                                                     "faults_drawn", "faults_kept", "shrunk", "file"};

void read_violations(const Fields& top, ExploreSummary& s) {
  const std::string p = "distinct";
  const std::vector<JsonValue>& distinct = list(top.require("distinct"), p);
  for (size_t i = 0; i < distinct.size(); ++i) {
    s.distinct.push_back(read_distinct(Fields(distinct[i], item_path(p, i), kDistinctKeys), s));
  }
  if (const JsonValue* firsts = top.get("first_runs")) {
    const std::vector<JsonValue>& items = list(*firsts, "first_runs");
    for (size_t i = 0; i < items.size(); ++i) {
      const Fields f(items[i], item_path("first_runs", i), kFirstRunKeys);
      s.first_runs.push_back({text(f.require("drawn_kinds"), f.path("drawn_kinds")), read_distinct(f, s)});
    }
  } else {
    // Written before first runs were recorded: the distinct violations are all there is.
    for (const DistinctViolation& d : s.distinct) s.first_runs.push_back({"", d});
  }
}

void read_nondeterministic(const Fields& top, ExploreSummary& s) {
  const std::vector<JsonValue>& listed = list(top.require("nondeterministic"), "nondeterministic");
  if (listed.size() > kListedNondeterministic) {
    fail(top.require("nondeterministic"), "nondeterministic",
         std::to_string(listed.size()) + " runs listed; a summary lists at most " + std::to_string(kListedNondeterministic));
  }
  for (size_t i = 0; i < listed.size(); ++i) {
    s.nondeterministic.push_back(std::to_string(run_of(listed[i], item_path("nondeterministic", i), s)));
  }
  s.runs_nondeterministic = listed.size();
  if (const JsonValue* n = top.get("runs_nondeterministic")) {
    s.runs_nondeterministic = at_most(*n, "runs_nondeterministic", s.runs_done, "runs_done");
    if (s.runs_nondeterministic < listed.size()) {
      fail(*n, "runs_nondeterministic", std::to_string(s.runs_nondeterministic) + " is fewer than the " +
                                                      std::to_string(listed.size()) + " runs listed");
    }
  }
}

void read_stopped(const Fields& top, ExploreSummary& s) {
  if (const JsonValue* stopped = top.get("stopped"); stopped != nullptr && stopped->kind != Kind::null) {
    s.stopped = text(*stopped, "stopped");
    if (s.stopped != "interrupted" && s.stopped != "max_wall") {
      fail(*stopped, "stopped", quote_text(s.stopped) + " is not null, \"interrupted\" or \"max_wall\"");
    }
  }
}

void read_rest(const Fields& top, ExploreSummary& s) {
  if (const JsonValue* n = top.get("runs_over_budget")) s.runs_over_budget = at_most(*n, "runs_over_budget", s.runs_done, "runs_done");
  // Both are absent from summaries written before the event budget existed.
  if (s.runs_over_budget > 0 || top.get("first_over_budget_run") != nullptr) {
    s.first_over_budget_run =
        first_run(top.require("first_over_budget_run"), "first_over_budget_run", s.runs_over_budget, "runs_over_budget", s);
  }
  s.wall_seconds = seconds(top.require("wall_seconds"), "wall_seconds");
  // Derived from the others when written, so not kept: any number will do.
  if (const JsonValue* v = top.get("runs_per_second"); v != nullptr && v->kind != Kind::number) {
    fail(*v, "runs_per_second", std::string("expected a number, got ") + kind_name(v->kind));
  }
}

}  // namespace

ExploreSummary parse_summary_json(const std::string& json) {
  const JsonValue root = parse_json(json, JsonLimits{}, kWhat);
  const Fields top(root, "",
                   std::vector<std::string_view>{"leasesim_version", "scenario", "file", "seed", "runs", "shard", "swarm", "runs_done", "runs_violating", "violations", "reports",
                    "first_violating_run", "distinct", "first_runs", "runs_nondeterministic", "nondeterministic", "runs_over_budget",
                    "first_over_budget_run", "stopped", "wall_seconds", "runs_per_second"});
  ExploreSummary s;
  // Written by the leasesim that explored; a merge writes its own, so it is only checked.
  if (const JsonValue* v = top.get("leasesim_version"); v != nullptr) text(*v, "leasesim_version");
  s.scenario = text(top.require("scenario"), "scenario");
  s.file = text(top.require("file"), "file");
  s.seed = whole(top.require("seed"), "seed");
  s.runs = whole(top.require("runs"), "runs");
  read_shard(top, s);
  // Missing from summaries written before it was recorded: read as false, because --swarm
  // came last, so nearly all of those are plain, and refusing them would stop their shards
  // from merging at all; an old --swarm shard merged with its own old siblings still adds up
  // exactly (only the "swarm" line is then missing).
  if (const JsonValue* v = top.get("swarm")) {
    if (v->kind != Kind::boolean) fail(*v, "swarm", std::string("expected true or false, got ") + kind_name(v->kind));
    s.swarm = v->text == "true";
  }
  // Read before the violations: how they were shrunk depends on it.
  read_stopped(top, s);
  // Each count is checked against what bounds it, so that merging adds up only checked numbers.
  s.runs_done = at_most(top.require("runs_done"), "runs_done", shard_share(s), "the runs of " + shard_name(s));
  s.runs_violating = at_most(top.require("runs_violating"), "runs_violating", s.runs_done, "runs_done");
  s.violations = counts(top.require("violations"), "violations", s.runs_violating, "runs_violating");
  s.reports = counts(top.require("reports"), "reports", s.runs_done, "runs_done");
  s.first_violating_run = first_run(top.require("first_violating_run"), "first_violating_run", s.runs_violating, "runs_violating", s);
  read_violations(top, s);
  read_nondeterministic(top, s);
  read_rest(top, s);
  return s;
}

}  // namespace leasesim::reports
