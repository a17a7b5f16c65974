// The HTML report's structure, the Perfetto trace's and the JUnit XML's; and the report opened
// in headless Chromium, which must draw the timeline without a script error.
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "harness/runner.h"
#include "harness/scenario_loader.h"
#include "reports/html_report.h"
#include "reports/junit.h"
#include "reports/perfetto.h"
#include "sim/duration_text.h"
#include "tests/support/browser.h"
#include "tests/support/report_entry.h"
#include "tests/support/golden.h"

namespace leasesim::reports {
namespace {

namespace pt = boost::property_tree;
using testing::between;
using testing::browser_dir;
using testing::chromium;
using testing::script_error;

ReportEntry entry(const std::string& file) { return testing::report_entry(file); }


TEST(HtmlReport, IsSelfContainedAndCarriesTheWindowAndItsTrace) {
  const std::string page = render_html({entry("scenarios/zbs/legacy-reply-delay-6s.yaml")}, "zbs-legacy-reply-delay-6s");
  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  // Nothing to fetch: no external script, style, image or font.
  EXPECT_EQ(page.find(" src="), std::string::npos);
  EXPECT_EQ(page.find("href=\"http"), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  // The summary names the window, with a link that zooms the timeline to it (window 0: what led to it).
  EXPECT_NE(page.find("<td>21.503s</td><td>25.003s</td><td><b>3.5s</b></td>"), std::string::npos);
  EXPECT_NE(page.find("leasesimZoom(0, 21503000000, 25003000000, 0)"), std::string::npos);
  // The embedded data parses, and holds the trace, the intervals and the window.
  pt::ptree data;
  std::istringstream in(between(page, "<script type=\"application/json\" id=\"data-0\">", "</script>"));
  ASSERT_NO_THROW(pt::read_json(in, data));
  EXPECT_EQ(data.get<int64_t>("duration"), 40'000'000'000);
  EXPECT_EQ(data.get_child("events").size(), 44u);
  EXPECT_EQ(data.get_child("nodes").size(), 2u);
  EXPECT_EQ(data.get_child("windows").size(), 1u);
  EXPECT_EQ(data.get_child("windows").front().second.get<int64_t>("start"), 21'503'000'000);
  EXPECT_EQ(data.get_child("windows").front().second.get<int64_t>("end"), 25'003'000'000);
  // The follower's belief from the late reply: 15.503 s to 25.003 s.
  bool belief = false;
  for (const auto& [k, b] : data.get_child("beliefs")) {
    std::vector<int64_t> v;
    for (const auto& [k2, x] : b) v.push_back(x.get_value<int64_t>());
    belief = belief || (v[2] == 15'503'000'000 && v[3] == 25'003'000'000);
  }
  EXPECT_TRUE(belief);
  // The protocol's one band (the session at the master, on the follower's lane), the session's
  // states on lane 1 (follower-1), and what led to the window.
  EXPECT_EQ(data.get_child("bands").front().second.get<std::string>("name"), "session at the master");
  std::vector<std::string> states;
  for (const auto& [k, st] : data.get_child("states")) {
    std::vector<int64_t> v;
    for (const auto& [k2, x] : st) v.push_back(x.get_value<int64_t>());
    EXPECT_EQ(v[0], 1);  // the lane: follower-1
    states.push_back(std::to_string(v[3]) + "@" + std::to_string(v[5]));
  }
  // ACTIVE at 9.503 s (the retried KeepAlive), EXPIRED at 21.503 s (the master's deadline).
  EXPECT_NE(std::find(states.begin(), states.end(), "1@9503000000"), states.end());
  EXPECT_NE(std::find(states.begin(), states.end(), "3@21503000000"), states.end());
  std::vector<std::string> causes;
  for (const auto& [k, c] : data.get_child("windows").front().second.get_child("causes")) causes.push_back(c.front().second.data());
  EXPECT_EQ(causes.front(), "last grant");
  EXPECT_EQ(causes.back(), "made the belief");
}

TEST(HtmlReport, TheDataCannotCloseItsScriptElement) {
  ReportEntry e = entry("scenarios/zbs/legacy-reply-delay-6s.yaml");
  e.recording.nodes[1] = "</script><b>x";
  const std::string page = render_html({e}, "t");
  EXPECT_EQ(page.find("</script><b>x"), std::string::npos);
  EXPECT_NE(page.find("<\\/script><b>x"), std::string::npos);
}

TEST(HtmlReport, ASuitePageListsTheFilesThatCouldNotBeLoadedAndCountsThem) {
  const std::vector<ReportProblem> problems = {
      {"suite/typo.yaml", "BAD INPUT", "suite/typo.yaml:1:11: duration: '40' has no unit"},
      {"suite/zz.yaml", "NOT RUN", "not run: the --max-wall time ran out"},
  };
  const std::string page = render_html({entry("scenarios/zbs/legacy-reply-delay-6s.yaml")}, "suite", problems);
  EXPECT_NE(page.find("<div class=\"meta\">3 scenarios: 1 met, 0 failed, 1 bad input, 1 stopped or not run</div>\n"
                      "<table class=\"problems\"><tr><th>file</th><th>status</th><th>message</th></tr>\n"
                      "<tr><td><code>suite/typo.yaml</code></td><td class=\"bad\">BAD INPUT</td><td><code>suite/typo.yaml:1:11: "
                      "duration: &apos;40&apos; has no unit</code></td></tr>\n"
                      "<tr><td><code>suite/zz.yaml</code></td><td class=\"bad\">NOT RUN</td><td><code>not run: the --max-wall "
                      "time ran out</code></td></tr>\n</table>\n"),
            std::string::npos)
      << page;
  // The one scenario that ran is a suite entry, closed since it met its expectations.
  EXPECT_NE(page.find("<details id=\"scenario-0\"><summary>zbs-legacy-reply-delay-6s &mdash; violated</summary>"), std::string::npos);
}

TEST(HtmlReport, AStoppedScenarioIsCountedAsStoppedNotFailed) {
  ReportEntry stopped = entry("scenarios/zbs/legacy-reply-delay-6s.yaml");
  stopped.result.stopped = "max_events";
  stopped.result.expectations_met = false;
  const std::string page = render_html({entry("scenarios/zbs/fixed-reply-delay-6s.yaml"), stopped}, "suite");
  EXPECT_NE(page.find("<div class=\"meta\">2 scenarios: 1 met, 0 failed, 0 bad input, 1 stopped or not run</div>"), std::string::npos)
      << page;
  EXPECT_NE(page.find("<td class=\"bad\">STOPPED</td>"), std::string::npos);
}

TEST(Perfetto, NodesAreProcessesLeasesSlicesAndMessagesFlows) {
  const ReportEntry e = entry("scenarios/zbs/legacy-reply-delay-6s.yaml");
  pt::ptree t;
  std::istringstream in(render_perfetto(e.result, e.recording));
  ASSERT_NO_THROW(pt::read_json(in, t));
  std::map<std::string, int> phases;
  bool window = false;
  bool process = false;
  for (const auto& [k, ev] : t.get_child("traceEvents")) {
    const std::string ph = ev.get<std::string>("ph");
    ++phases[ph];
    if (ph == "X" && ev.get<std::string>("name") == "lease_safety") {
      window = ev.get<std::string>("ts") == "21503000" && ev.get<std::string>("dur") == "3500000";
    }
    if (ph == "M" && ev.get<std::string>("name") == "process_name" && ev.get<std::string>("args.name") == "follower-1") process = true;
  }
  EXPECT_TRUE(window);
  EXPECT_TRUE(process);
  EXPECT_EQ(phases["s"], phases["f"]);
  EXPECT_GT(phases["s"], 0);
}

// Each node's protocol states as slices on a track of their own, named for the band: a
// server's role (with its epochs as instants there), a client's connection.
TEST(Perfetto, EachNodesStatesAreSlicesOnATrackOfTheirOwn) {
  const ReportEntry e = entry("scenarios/zookeeper/isolated-leader-five-servers.yaml");
  pt::ptree t;
  std::istringstream in(render_perfetto(e.result, e.recording));
  ASSERT_NO_THROW(pt::read_json(in, t));
  std::map<std::pair<std::string, std::string>, std::string> thread;  // (pid, tid) -> name
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> slices;  // pid, tid, name, ts
  std::vector<std::string> instants;
  for (const auto& [k, ev] : t.get_child("traceEvents")) {
    const std::string ph = ev.get<std::string>("ph"), pid = ev.get<std::string>("pid"), tid = ev.get<std::string>("tid", "");
    if (ph == "M" && ev.get<std::string>("name") == "thread_name") thread[{pid, tid}] = ev.get<std::string>("args.name");
    if (ph == "X") slices.emplace_back(pid, tid, ev.get<std::string>("name"), ev.get<std::string>("ts"));
    if (ph == "i" && thread[{pid, tid}] == "role") instants.push_back(ev.get<std::string>("name"));
  }
  // Every time a server began leading is a LEADING slice on its role track, at that microsecond.
  size_t leading = 0;
  for (const sim::TraceEvent& ev : e.recording.events) {
    if (ev.kind != sim::EventKind::state || e.recording.symbols[ev.symbol] != "LEADING") continue;
    ++leading;
    const std::string pid = std::to_string(ev.node + 1), ts = sim::format_decimal(ev.t.ns, 3);
    EXPECT_TRUE(std::any_of(slices.begin(), slices.end(), [&](const auto& s) {
      return std::get<0>(s) == pid && thread[{pid, std::get<1>(s)}] == "role" && std::get<2>(s) == "LEADING" && std::get<3>(s) == ts;
    })) << e.recording.nodes[ev.node] << " at " << ts << " us";
  }
  EXPECT_GE(leading, 2u);
  EXPECT_TRUE(std::any_of(slices.begin(), slices.end(), [&](const auto& s) {
    return thread[{std::get<0>(s), std::get<1>(s)}] == "connection" && std::get<2>(s) == "CONNECTED";
  }));
  EXPECT_TRUE(std::any_of(instants.begin(), instants.end(), [](const std::string& n) { return n.rfind("epoch ", 0) == 0; }));
}

TEST(JUnit, CheckOutputMatchesItsGoldenFile) {
  Result ok = entry("scenarios/zbs/legacy-reply-delay-6s.yaml").result;
  Result failed = ok;
  failed.expectations_met = false;
  failed.expectations[0].met = false;
  failed.expectations[0].detail = "it held: no window";
  using Kind = CheckCase::Kind;
  const std::vector<CheckCase> cases = {
      {Kind::ran, "scenarios/zbs/legacy-reply-delay-6s.yaml", "zbs.legacy-reply-delay-6s", ok.scenario, 0.001, &ok, "",
       "leasesim run scenarios/zbs/legacy-reply-delay-6s.yaml --seed 1"},
      {Kind::ran, "scenarios/zbs/broken.yaml", "zbs.broken", failed.scenario + "-broken", 0.002, &failed, "",
       "leasesim run scenarios/zbs/broken.yaml --seed 1"},
      {Kind::bad_input, "scenarios/zbs/typo.yaml", "zbs.typo", "scenarios/zbs/typo.yaml", 0, nullptr,
       "scenarios/zbs/typo.yaml:1:11: duration: '40' has no unit", ""},
      {Kind::stopped, "scenarios/endless.yaml", "endless", "endless", 0.3, nullptr,
       "stopped: the --max-wall time ran out at 1234.5s of virtual time", "leasesim run scenarios/endless.yaml --seed 1"},
      {Kind::not_run, "scenarios/zz.yaml", "zz", "scenarios/zz.yaml", 0, nullptr, "not run: the --max-wall time ran out", ""},
  };
  const std::string xml = render_junit(cases, 0.003);
  testing::expect_golden("check.junit.xml", xml);
  pt::ptree t;
  std::istringstream in(xml);
  ASSERT_NO_THROW(pt::read_xml(in, t));
  EXPECT_EQ(t.get<int>("testsuites.<xmlattr>.tests"), 5);
  EXPECT_EQ(t.get<int>("testsuites.<xmlattr>.failures"), 2);
  EXPECT_EQ(t.get<int>("testsuites.<xmlattr>.errors"), 1);
  EXPECT_EQ(t.get<int>("testsuites.<xmlattr>.skipped"), 1);
}

TEST(JUnit, ExploreOutputHasACasePerDistinctViolation) {
  ExploreSummary s;
  s.scenario = "space";
  s.file = "scenarios/explore/space.yaml";
  s.seed = 1;
  s.runs = s.runs_done = 100;
  s.distinct = {{"lease_safety", "lease_safety: delay + drop", 20, 77, 4, 2, "out/space-lease_safety-run20.yaml"}};
  testing::expect_golden("explore.junit.xml", render_junit(s, "leasesim"));
  s.distinct.clear();
  EXPECT_NE(render_junit(s, "leasesim").find("<testcase name=\"no violation in 100 runs\""), std::string::npos);
}

// Opens the page in Debian's headless Chromium: the script must run to its end without an
// error and draw the violation window; a screenshot is kept for people to look at.
TEST(Browser, TheReportDrawsItsTimelineWithoutAScriptError) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium")) << "Debian's chromium is needed (scripts/setup-deps installs it)";
  struct Page {
    std::string name;
    std::vector<ReportEntry> entries;
    std::string drawn;   // a mark the script must have drawn
    std::string anchor;  // the part of the suite page to open
  };
  std::vector<Page> pages = {
      {"legacy-reply-delay-6s", {entry("scenarios/zbs/legacy-reply-delay-6s.yaml")}, "data-kind=\"violation\"", ""},
      {"zk-gc-pause-lock", {entry("scenarios/zookeeper/gc-pause-lock.yaml")}, "data-kind=\"lock\"", ""},
      {"suite", {entry("scenarios/zbs/fixed-reply-delay-6s.yaml"), entry("scenarios/zookeeper/leader-change-resets-deadlines.yaml")}, "data-kind=\"granted\"", "#scenario-1"},
  };
  for (const Page& p : pages) {
    const std::string file = browser_dir() + "/" + p.name + ".html";
    std::ofstream(file) << render_html(p.entries, p.name);
    const std::string dom = chromium("--dump-dom file://" + file + p.anchor);
    EXPECT_NE(dom.find("data-ready=\"1\""), std::string::npos) << p.name << ": the script did not finish";
    EXPECT_EQ(script_error(dom), "") << p.name;
    EXPECT_NE(dom.find(p.drawn), std::string::npos) << p.name << ": nothing drawn";
    const std::string png = browser_dir() + "/" + p.name + ".png";
    std::filesystem::remove(png);
    chromium("--window-size=1400,1000 --screenshot=" + png + " file://" + file + p.anchor);
    ASSERT_TRUE(std::filesystem::exists(png)) << p.name;
    std::ifstream in(png, std::ios::binary);
    char magic[4] = {};
    in.read(magic, 4);
    EXPECT_EQ(std::string(magic + 1, 3), "PNG");
    EXPECT_GT(std::filesystem::file_size(png), 20'000u) << p.name << ": an empty page";
  }
}

// The check above can fail: a page whose script throws is caught.
TEST(Browser, AScriptErrorIsReported) {
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"));
  std::string page = render_html({entry("scenarios/zbs/legacy-reply-delay-6s.yaml")}, "broken");
  page.insert(page.rfind("</body>"), "<script>undefinedFunction();</script>");
  const std::string file = browser_dir() + "/broken.html";
  std::ofstream(file) << page;
  EXPECT_NE(script_error(chromium("--dump-dom file://" + file)).find("undefinedFunction"), std::string::npos);
}

}  // namespace
}  // namespace leasesim::reports
