#include "cli/check_json.h"

#include "reports/json.h"
#include "reports/json_result.h"

namespace leasesim::cli {
namespace {

using reports::json_string;

// The run's object, indented to sit inside a scenario's.
std::string nested(std::string object) {
  while (!object.empty() && object.back() == '\n') object.pop_back();
  std::string out;
  for (char c : object) out += c == '\n' ? std::string("\n      ") : std::string(1, c);
  return out;
}

std::string scenario_json(const reports::CheckCase& c) {
  std::string o = "    {\n      \"file\": " + json_string(c.file) + ",\n      \"name\": " + json_string(c.name) +
                  ",\n      \"expect\": " + json_string(expect_word(c));
  if (!c.message.empty()) o += ",\n      \"error\": " + json_string(c.message);
  if (!c.reproduce.empty()) o += ",\n      \"reproduce\": " + json_string(c.reproduce);
  if (c.result != nullptr) o += ",\n      \"result\": " + nested(reports::render_json(*c.result));
  return o + "\n    }";
}

}  // namespace

const char* expect_word(const reports::CheckCase& c) {
  using Kind = reports::CheckCase::Kind;
  switch (c.kind) {
    case Kind::ran: return c.result->expectations_met ? "met" : "FAILED";
    case Kind::bad_input: return "BAD INPUT";
    case Kind::stopped: return c.result != nullptr ? "STOPPED" : "TOO BIG";
    case Kind::not_run: return "NOT RUN";
  }
  return "";
}

std::string render_check_json(const std::vector<reports::CheckCase>& cases, const CheckCounts& n, const std::string& filter) {
  std::string o = "{\n  \"scenarios\": [";
  for (size_t i = 0; i < cases.size(); ++i) o += (i == 0 ? "\n" : ",\n") + scenario_json(cases[i]);
  o += cases.empty() ? "],\n" : "\n  ],\n";
  o += "  \"summary\": {\"found\": " + std::to_string(n.found) + ", \"selected\": " + std::to_string(n.selected);
  if (!filter.empty()) o += ", \"filter\": " + json_string(filter);
  o += ", \"met\": " + std::to_string(n.met) + ", \"failed\": " + std::to_string(n.failed) + ", \"bad_input\": " + std::to_string(n.bad) +
       ", \"stopped_or_not_run\": " + std::to_string(n.cut) + "}\n}\n";
  return o;
}

}  // namespace leasesim::cli
