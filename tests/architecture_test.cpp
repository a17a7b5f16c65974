// A protocol is a plug-in (include/leasesim/protocol.h): the harness, the CLI, the reports, the
// simulator and the checkers know no protocol. Outside model/, no code names a registered
// protocol's kind or one of its node roles, as an identifier (a `follower(...)` function, a
// `zbs::` namespace) or as a whole string literal (a "master" to compare with, a "follower" JSON
// key), and no file includes a protocol's folder. Prose in comments and help texts may name
// them; the words come from the registry itself, so a new protocol is covered by this test.
// examples/<name>/ is not scanned: like model/<name>/, it is a protocol's own folder (a user's
// project, built against the installed package), where its roles are its own words.
//
// The simulator sits behind interfaces (sim/scheduler.h, sim/transport.h, sim/network_faults.h,
// sim/node_control.h, harness/fault_target.h) so that a second runtime can provide them: only
// the simulator's own files and the World that puts it together name its concrete classes.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "leasesim/fenced_resource.h"
#include "leasesim/protocol.h"

namespace leasesim {
namespace {

std::set<std::string> protocol_words() {
  std::set<std::string> words;
  for (const Protocol* p : registry().all()) {
    words.insert(p->kind());
    for (const Role& r : p->roles()) {
      if (r.key == resource_role().key) continue;  // leasesim's own facility, shared by every protocol
      if (!r.key.empty()) words.insert(r.key);
      words.insert(r.singular);
      for (const std::string& f : r.fixed) words.insert(f);
    }
  }
  return words;
}

struct Tokens {
  std::vector<std::string> identifiers;
  std::vector<std::string> literals;  // contents of string literals
};

// C++ source without its comments, split into identifiers and string literals (raw strings
// are prose: help texts).
Tokens tokens(const std::string& src) {
  Tokens t;
  for (size_t i = 0; i < src.size();) {
    if (src.compare(i, 2, "//") == 0) {
      i = src.find('\n', i);
      if (i == std::string::npos) break;
    } else if (src.compare(i, 2, "/*") == 0) {
      i = src.find("*/", i);
      if (i == std::string::npos) break;
      i += 2;
    } else if (src.compare(i, 3, "R\"(") == 0) {
      i = src.find(")\"", i);
      if (i == std::string::npos) break;
      i += 2;
    } else if (src[i] == '"' || src[i] == '\'') {
      const char quote = src[i];
      std::string lit;
      for (++i; i < src.size() && src[i] != quote; ++i) {
        if (src[i] == '\\' && i + 1 < src.size()) lit += src[i++];
        lit += src[i];
      }
      ++i;
      if (quote == '"') t.literals.push_back(lit);
    } else if (std::isalpha(static_cast<unsigned char>(src[i])) || src[i] == '_') {
      size_t j = i;
      while (j < src.size() && (std::isalnum(static_cast<unsigned char>(src[j])) || src[j] == '_')) ++j;
      t.identifiers.push_back(src.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  return t;
}

TEST(Architecture, TheTokenizerSeesIdentifiersAndLiteralsButNotComments) {
  const Tokens t = tokens("// master\nint follower = 1; /* zbs */ auto s = \"master\"; auto h = R\"(kind: zbs)\";\n");
  EXPECT_EQ(t.identifiers, (std::vector<std::string>{"int", "follower", "auto", "s", "auto", "h"}));
  EXPECT_EQ(t.literals, (std::vector<std::string>{"master"}));
}

TEST(Architecture, NoCodeOutsideModelNamesAProtocolOrANodeRole) {
  const std::set<std::string> words = protocol_words();
  ASSERT_GE(words.size(), 8u);
  std::string hits;
  size_t files = 0;
  for (const char* dir : {"harness", "cli", "reports", "sim", "checkers", "include"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(LEASESIM_SOURCE_DIR) + "/" + dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      ++files;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string rel = std::filesystem::relative(entry.path(), LEASESIM_SOURCE_DIR).string();
      if (text.str().find("#include \"model/") != std::string::npos) hits += rel + ": includes a protocol's folder\n";
      const Tokens t = tokens(text.str());
      for (const std::string& id : t.identifiers) {
        if (words.contains(id)) hits += rel + ": identifier " + id + "\n";
      }
      for (const std::string& lit : t.literals) {
        if (words.contains(lit)) hits += rel + ": string \"" + lit + "\"\n";
      }
    }
  }
  EXPECT_GT(files, 100u);
  EXPECT_EQ(hits, "");
}

TEST(Architecture, OnlyTheSimulatedWorldNamesTheSimulatorAndItsNetwork) {
  const std::set<std::string> concrete = {"Simulator", "Network"};
  const std::set<std::string> allowed = {"sim/simulator.h",      "sim/simulator.cpp",      "sim/network.h",
                                         "sim/network.cpp",      "sim/simulated_node.h",   "sim/simulated_node.cpp",
                                         "harness/world.h",      "harness/world.cpp"};
  std::string hits;
  size_t files = 0;
  for (const char* dir : {"sim", "harness", "model", "checkers", "include"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(LEASESIM_SOURCE_DIR) + "/" + dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      const std::string rel = std::filesystem::relative(entry.path(), LEASESIM_SOURCE_DIR).string();
      if (allowed.contains(rel)) continue;
      ++files;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      for (const char* header : {"#include \"sim/simulator.h\"", "#include \"sim/network.h\""}) {
        if (text.str().find(header) != std::string::npos) hits += rel + ": " + header + "\n";
      }
      for (const std::string& id : tokens(text.str()).identifiers) {
        if (concrete.contains(id)) hits += rel + ": names " + id + "\n";
      }
    }
  }
  EXPECT_GT(files, 100u);
  EXPECT_EQ(hits, "") << "use the interfaces (sim::Scheduler, sim::Transport, sim::NetworkFaults, sim::NodeControl, "
                         "harness::FaultTarget)";
}

// Live runs (live/) read real time and sockets: nothing the simulator is built from may reach
// them, and within live/ one header holds the asio include, so that its cost and its rules stay
// in one place.
TEST(Architecture, OnlyLiveCodeReachesAsioAndNothingSimulatedIncludesLive) {
  std::string hits;
  size_t files = 0;
  for (const char* dir : {"sim", "harness", "model", "checkers", "include", "reports", "live"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(LEASESIM_SOURCE_DIR) + "/" + dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".h") continue;
      const std::string rel = std::filesystem::relative(entry.path(), LEASESIM_SOURCE_DIR).string();
      ++files;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const bool live = rel.starts_with("live/");
      if (!live && text.str().find("#include \"live/") != std::string::npos) hits += rel + ": includes live/\n";
      if (rel != "live/asio.h" && text.str().find("#include <boost/asio") != std::string::npos) hits += rel + ": includes asio\n";
    }
  }
  EXPECT_GT(files, 100u);
  EXPECT_EQ(hits, "");
}

}  // namespace
}  // namespace leasesim
