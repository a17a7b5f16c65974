// A protocol's parameters, described once. A Field names a key of the scenario's `protocol:`
// map, documents it (type, default, meaning, source) and knows how to read it from YAML and
// write it back; a protocol's list of fields drives the loader (unknown keys get a did-you-mean),
// the scenario writer, `leasesim help protocol` and the parameter tables of the docs. Helpers
// below make the common fields (durations, numbers, choices, flags) one line each; a field with
// a shape of its own gives its own read and write.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/load_context.h"
#include "harness/scenario_writer.h"
#include "sim/duration_text.h"

namespace leasesim {

using harness::LoadContext;
using harness::MapReader;
using harness::Value;
using harness::yaml_list;
using harness::yaml_scalar;
using sim::Duration;

// What a scenario holds of a protocol's parameters: the protocol's own struct, type-erased.
struct Params {
  virtual ~Params() = default;
};
template <class P>
struct ParamsOf final : Params {
  explicit ParamsOf(P v) : value(std::move(v)) {}
  P value;
};
template <class P>
const P& params_of(const Params& p) {
  return static_cast<const ParamsOf<P>&>(p).value;
}

// A field's documentation, as the docs' tables and `leasesim help protocol KIND` show it.
struct FieldDoc {
  std::string key;
  std::string type;          // "positive duration", "`c` | `java`", ...
  std::string default_text;  // as YAML, or words ("2 x tick_time"); "none" when absent
  std::string meaning;
  std::string source;
  bool default_is_yaml = false;  // default_text is the value as YAML (docs() wrote it), not words
};

template <class P>
struct Field {
  FieldDoc doc;
  std::function<void(const Value&, P&, const LoadContext&)> read;
  // The value as YAML text; an empty string leaves the key out (an unset optional).
  std::function<std::string(const P&)> write;
};

namespace fields {

// positive: > 0; non_negative: >= 0; period: at least 1 ms, for a duration the model repeats an
// action at (a resend, a timer's round): below that a run would take more than a thousand steps
// per simulated second doing nothing useful (an rpc_timeout of 1ns resent for hours).
enum class DurationRule { positive, non_negative, period };

Duration read_duration(const Value& v, DurationRule rule);

template <class P>
Field<P> duration(std::string key, Duration P::*member, DurationRule rule, std::string meaning, std::string source) {
  const std::string type = rule == DurationRule::positive       ? "positive duration"
                           : rule == DurationRule::non_negative ? "duration >= 0"
                                                                : "duration >= 1ms";
  return {{std::move(key), type, "", std::move(meaning), std::move(source)},
          [member, rule](const Value& v, P& p, const LoadContext&) { p.*member = read_duration(v, rule); },
          [member](const P& p) { return sim::format_duration(p.*member); }};
}

// A duration read by the protocol's own rule (whole milliseconds, a least period, ...).
template <class P>
Field<P> duration_by(std::string key, Duration P::*member, std::string type, Duration (*read)(const Value&),
                     std::string meaning, std::string source) {
  return {{std::move(key), std::move(type), "", std::move(meaning), std::move(source)},
          [member, read](const Value& v, P& p, const LoadContext&) { p.*member = read(v); },
          [member](const P& p) { return sim::format_duration(p.*member); }};
}

template <class P, class E>
Field<P> choice(std::string key, E P::*member, std::vector<std::pair<std::string, E>> names, std::string meaning,
                std::string source) {
  std::string type;
  std::vector<std::string> words;
  for (const auto& [word, value] : names) {
    type += (type.empty() ? "`" : " | `") + word + "`";
    words.push_back(word);
  }
  return {{std::move(key), type, "", std::move(meaning), std::move(source)},
          [member, names, words](const Value& v, P& p, const LoadContext&) { p.*member = names[v.choice(words)].second; },
          [member, names](const P& p) {
            for (const auto& [word, value] : names) {
              if (value == p.*member) return word;
            }
            return std::string("?");
          }};
}

template <class P>
Field<P> flag(std::string key, bool P::*member, std::string meaning, std::string source) {
  return {{std::move(key), "`true` | `false`", "", std::move(meaning), std::move(source)},
          [member](const Value& v, P& p, const LoadContext&) { p.*member = v.choice({"false", "true"}) == 1; },
          [member](const P& p) { return std::string(p.*member ? "true" : "false"); }};
}

template <class P>
Field<P> integer(std::string key, int64_t P::*member, int64_t min, int64_t max, std::string meaning, std::string source) {
  return {{std::move(key), "integer, " + std::to_string(min) + " to " + std::to_string(max), "", std::move(meaning),
           std::move(source)},
          [member, min, max](const Value& v, P& p, const LoadContext&) { p.*member = v.integer(min, max); },
          [member](const P& p) { return std::to_string(p.*member); }};
}

}  // namespace fields

// Reading, writing and documenting a parameter struct through its fields.
template <class P>
class FieldList {
 public:
  explicit FieldList(std::vector<Field<P>> fields) : fields_(std::move(fields)) {}

  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const Field<P>& f : fields_) out.push_back(f.doc.key);
    return out;
  }
  // Every key present in `m`, in the order of the fields (later fields may depend on earlier).
  void read(const MapReader& m, P& p, const LoadContext& ctx) const {
    for (const Field<P>& f : fields_) {
      if (auto v = m.get(f.doc.key)) f.read(*v, p, ctx);
    }
  }
  std::vector<std::pair<std::string, std::string>> write(const P& p) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Field<P>& f : fields_) {
      std::string v = f.write(p);
      if (!v.empty()) out.emplace_back(f.doc.key, std::move(v));
    }
    return out;
  }
  std::vector<FieldDoc> docs() const {
    const P defaults{};
    std::vector<FieldDoc> out;
    for (const Field<P>& f : fields_) {
      FieldDoc d = f.doc;
      if (d.default_text.empty()) {
        d.default_text = f.write(defaults);
        d.default_is_yaml = !d.default_text.empty();
        if (d.default_text.empty()) d.default_text = "none";
      }
      out.push_back(std::move(d));
    }
    return out;
  }

 private:
  std::vector<Field<P>> fields_;
};

}  // namespace leasesim
