// The HTML timeline as a reader sees it, in headless Chromium: the protocol's state bands
// drawn in their declared colours at the times the trace says (checked in the screenshot's
// pixels), labels whose boxes never overlap (measured in the DOM), and a run of 10,000
// messages drawn as density strips at the whole-run zoom (its drawing time reported, never
// asserted). The page writes what it placed to its timeline's data-layout attribute.
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "harness/runner.h"
#include "harness/sweep.h"
#include "harness/scenario_loader.h"
#include "reports/html_report.h"
#include "reports/sweep_report.h"
#include "tests/support/browser.h"
#include "tests/support/report_entry.h"
#include "tests/support/png.h"

namespace leasesim::reports {
namespace {

namespace pt = boost::property_tree;
using testing::chromium;

#define SKIP_WITHOUT_CHROMIUM()                                                                                        \
  if (!testing::have_chromium()) GTEST_SKIP() << "/usr/bin/chromium is missing: scripts/setup-deps --tests installs it"

ReportEntry entry(const std::string& file) { return testing::report_entry(file); }

struct BandBox {
  double x0, y0, x1, y1;
  std::string colour, node, state;
  int64_t start, end;
};
struct Box {
  double x, y, w, h;
  std::string text;
};
struct Drawn {
  std::string mode;
  int flights = 0;
  double ms = 0, left = 0, top = 0;
  std::vector<BandBox> bands;
  std::vector<Box> labels;
  std::vector<double> ticks;
  std::vector<std::string> causes;  // the causal view's, when a window is focused
  std::string dom;
  testing::Image shot;
};

std::vector<std::string> row(const pt::ptree& t) {
  std::vector<std::string> out;
  for (const auto& [k, v] : t) out.push_back(v.data());
  return out;
}

// Opens the page twice in one window size: its DOM (the layout the script wrote), and a screenshot.
Drawn open_page(const std::string& name, const std::vector<ReportEntry>& entries, const std::string& anchor = "") {
  const std::string file = testing::browser_dir() + "/" + name + ".html";
  std::ofstream(file) << render_html(entries, name);
  const std::string window = "--window-size=1400,2400 ";
  Drawn d;
  d.dom = chromium(window + "--dump-dom file://" + file + anchor);
  const std::string png = testing::browser_dir() + "/" + name + ".png";
  std::filesystem::remove(png);
  chromium(window + "--screenshot=" + png + " file://" + file + anchor);
  d.shot = testing::read_png(png);
  const std::string json = testing::attribute(d.dom, "data-layout");
  if (json.empty()) return d;
  pt::ptree t;
  std::istringstream in(json);
  pt::read_json(in, t);
  d.mode = t.get<std::string>("mode");
  d.flights = t.get<int>("flights");
  d.ms = t.get<double>("ms");
  const std::vector<std::string> at = row(t.get_child("svg"));
  d.left = std::stod(at[0]);
  d.top = std::stod(at[1]);
  for (const auto& [k, b] : t.get_child("bands")) {
    const std::vector<std::string> v = row(b);
    d.bands.push_back({std::stod(v[0]), std::stod(v[1]), std::stod(v[2]), std::stod(v[3]), v[4], v[5], v[6], std::stoll(v[7]), std::stoll(v[8])});
  }
  for (const auto& [k, b] : t.get_child("labels")) {
    const std::vector<std::string> v = row(b);
    d.labels.push_back({std::stod(v[0]), std::stod(v[1]), std::stod(v[2]), std::stod(v[3]), v[4]});
  }
  for (const auto& [k, v] : t.get_child("ticks")) d.ticks.push_back(std::stod(v.data()));
  if (const auto causes = t.get_child_optional("causes")) {
    for (const auto& [k, v] : *causes) d.causes.push_back(v.data());
  }
  return d;
}

void expect_drawn(const Drawn& d, const std::string& name) {
  EXPECT_NE(d.dom.find("data-ready=\"1\""), std::string::npos) << name << ": the script did not finish";
  EXPECT_EQ(testing::script_error(d.dom), "") << name;
  EXPECT_EQ(d.shot.error, "") << name;
}

// No two labels' boxes, as the browser measured them, share a pixel.
void expect_no_overlap(const Drawn& d, const std::string& name) {
  for (size_t i = 0; i < d.labels.size(); ++i) {
    for (size_t j = i + 1; j < d.labels.size(); ++j) {
      const Box &a = d.labels[i], &b = d.labels[j];
      const bool apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      EXPECT_TRUE(apart) << name << ": '" << a.text << "' at (" << a.x << ", " << a.y << ", " << a.w << "x" << a.h << ") overlaps '"
                         << b.text << "' at (" << b.x << ", " << b.y << ", " << b.w << "x" << b.h << ")";
    }
  }
}

// The screenshot's colour inside a band, away from any label and any label's tick: the band's
// own. Returns false if the band has no such pixel (too narrow, or all written over).
bool band_pixel(const Drawn& d, const BandBox& b, uint32_t& colour) {
  const double y = (b.y0 + b.y1) / 2;
  for (double x = b.x0 + 2; x <= b.x1 - 2; x += 1) {
    bool clear = true;
    for (const Box& l : d.labels) clear = clear && (x < l.x - 3 || x > l.x + l.w + 3 || y < l.y - 1 || y > l.y + l.h + 1);
    for (double t : d.ticks) clear = clear && std::abs(x - t) > 2;
    if (!clear) continue;
    const int px = static_cast<int>(d.left + x), py = static_cast<int>(d.top + y);
    if (px < 0 || py < 0 || px >= d.shot.width || py >= d.shot.height) return false;
    colour = d.shot.at(px, py);
    return true;
  }
  return false;
}

uint32_t hex(const std::string& c) { return static_cast<uint32_t>(std::stoul(c.substr(1), nullptr, 16)); }

bool near(uint32_t a, uint32_t b) {
  for (int s = 0; s < 24; s += 8) {
    if (std::abs(static_cast<int>((a >> s) & 255) - static_cast<int>((b >> s) & 255)) > 6) return false;
  }
  return true;
}

// Every band wide enough to show a clear pixel shows its declared colour there; returns how many were checked.
int expect_band_colours(const Drawn& d, const std::string& name) {
  int checked = 0;
  for (const BandBox& b : d.bands) {
    uint32_t c = 0;
    if (b.x1 - b.x0 < 8 || !band_pixel(d, b, c)) continue;
    ++checked;
    EXPECT_TRUE(near(c, hex(b.colour))) << name << ": " << b.node << " " << b.state << " at x " << b.x0 << ".." << b.x1
                                        << " is drawn #" << std::hex << c << ", declared " << b.colour;
  }
  return checked;
}

// When each node took a state, by the trace's own `state` events.
std::vector<std::pair<std::string, int64_t>> entered(const Recording& r, const std::string& state) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const sim::TraceEvent& e : r.events) {
    if (e.kind == sim::EventKind::state && r.symbols[e.symbol] == state) out.emplace_back(r.nodes[e.node], e.t.ns);
  }
  return out;
}

TEST(TimelineBrowser, AFiveServerLeaderChangeShowsEachServersRoleAndTheNewLeader) {
  SKIP_WITHOUT_CHROMIUM();
  const ReportEntry e = entry("scenarios/zookeeper/isolated-leader-five-servers.yaml");
  const Drawn d = open_page("five-server-leader-change", {e});
  expect_drawn(d, "five servers");
  // Each time a server began leading, a LEADING band in the declared green starts there.
  const auto leading = entered(e.recording, "LEADING");
  std::set<std::string> leaders;
  for (const auto& [node, t] : leading) leaders.insert(node);
  ASSERT_GE(leaders.size(), 2u) << "the scenario no longer changes its leader";
  for (const auto& [node, t] : leading) {
    const auto it = std::find_if(d.bands.begin(), d.bands.end(), [&](const BandBox& b) { return b.node == node && b.state == "LEADING" && b.start == t; });
    ASSERT_NE(it, d.bands.end()) << node << " leads from " << t << " ns: no band";
    EXPECT_EQ(it->colour, "#2e7d32");
  }
  // The followers' and the lookers' bands too, and the clients' connections.
  std::set<std::string> states;
  for (const BandBox& b : d.bands) states.insert(b.state);
  for (const char* s : {"LEADING", "FOLLOWING", "LOOKING", "CONNECTED"}) EXPECT_TRUE(states.contains(s)) << s;
  EXPECT_GE(expect_band_colours(d, "five servers"), 10);
  // The new leaders are marked and labelled; epochs are written on the bands.
  EXPECT_GE(std::count_if(d.labels.begin(), d.labels.end(), [](const Box& b) { return b.text.find("LEADING") != std::string::npos; }), 2);
  EXPECT_TRUE(std::any_of(d.labels.begin(), d.labels.end(), [](const Box& b) { return b.text.rfind("epoch ", 0) == 0; }));
  expect_no_overlap(d, "five servers");
}

TEST(TimelineBrowser, TheZbs13135RunShowsTheSessionAtTheMasterOnTheFollowersLane) {
  SKIP_WITHOUT_CHROMIUM();
  const ReportEntry e = entry("scenarios/zbs/legacy-reply-delay-6s.yaml");
  const Drawn d = open_page("zbs-13135", {e});
  expect_drawn(d, "ZBS-13135");
  std::map<std::string, std::string> colour;
  for (const BandBox& b : d.bands) colour[b.state] = b.colour;
  EXPECT_EQ(colour["ACTIVE"], "#4f9d5d");
  EXPECT_EQ(colour["EXPIRED"], "#c0392b");
  for (const auto& [node, t] : entered(e.recording, "EXPIRED")) {
    EXPECT_TRUE(std::any_of(d.bands.begin(), d.bands.end(), [&](const BandBox& b) { return b.state == "EXPIRED" && b.start == t; }))
        << "the session expired at " << t << " ns: no band";
  }
  EXPECT_GE(expect_band_colours(d, "ZBS-13135"), 2);
  EXPECT_NE(d.dom.find("data-kind=\"violation\""), std::string::npos);
  expect_no_overlap(d, "ZBS-13135");
}

// ZBS-13135's window, focused (as its "show" link or a #window-0-0 link does): the grant, the
// renewal that reached the master, the faults, and the reply whose 6 s delay made the belief.
TEST(TimelineBrowser, AFocusedWindowShowsWhatLedToIt) {
  SKIP_WITHOUT_CHROMIUM();
  const Drawn d = open_page("zbs-13135-causes", {entry("scenarios/zbs/legacy-reply-delay-6s.yaml")}, "#window-0-0");
  expect_drawn(d, "causes");
  for (const char* what : {"last grant", "last renewal to reach the grantor", "fault", "made the belief"}) {
    EXPECT_NE(std::find(d.causes.begin(), d.causes.end(), what), d.causes.end()) << what;
  }
  EXPECT_TRUE(std::any_of(d.labels.begin(), d.labels.end(), [](const Box& b) { return b.text.find("KeepAliveReply, 6 s in flight") != std::string::npos; }));
  EXPECT_NE(d.dom.find("data-kind=\"cause\""), std::string::npos);
  expect_no_overlap(d, "causes");
}

// Two windows a few milliseconds apart on one lane (the issue's "3.999 s lock_safety" over
// "4.002 s session_safety"): their labels stack or are cut, never drawn over each other.
TEST(TimelineBrowser, WindowLabelsCloseTogetherDoNotOverlap) {
  SKIP_WITHOUT_CHROMIUM();
  ReportEntry e = entry("scenarios/zbs/legacy-reply-delay-6s.yaml");
  ASSERT_FALSE(e.result.violations.empty());
  const ViolationRecord v = e.result.violations[0];
  for (int i = 1; i <= 4; ++i) {
    ViolationRecord w = v;
    w.checker = "checker_with_a_long_name_" + std::to_string(i);
    w.start_ns += i * 3'000'000;
    e.result.violations.push_back(w);
  }
  const Drawn d = open_page("crowded-windows", {e});
  expect_drawn(d, "crowded windows");
  EXPECT_GE(std::count_if(d.labels.begin(), d.labels.end(), [](const Box& b) { return b.text.find("checker_with") != std::string::npos; }), 2);
  expect_no_overlap(d, "crowded windows");
}

// A made-up run of `n` messages between three nodes over ten seconds, one lost in fifty.
ReportEntry messages(int n) {
  ReportEntry e;
  Recording& r = e.recording;
  r.duration_ns = 10'000'000'000;
  r.nodes = {"a", "b", "c"};
  r.symbols = {"", "ping", "drop"};
  for (int i = 0; i < n; ++i) {
    const int64_t t = static_cast<int64_t>(i) * (r.duration_ns - 2'000'000) / n;
    const sim::NodeId from = i % 3, to = (i + 1) % 3;
    r.events.push_back({sim::Instant{t}, sim::EventKind::message_sent, from, to, 1, static_cast<uint64_t>(i + 1), t + 1'000'000, 0});
    const bool lost = i % 50 == 0;
    r.events.push_back({sim::Instant{t + 1'000'000}, lost ? sim::EventKind::message_lost : sim::EventKind::message_delivered, lost ? from : to,
                        lost ? to : from, static_cast<sim::Symbol>(lost ? 2 : 1), static_cast<uint64_t>(i + 1), 0, 0});
  }
  e.result.scenario = "messages";
  e.result.duration_ns = r.duration_ns;
  e.result.events = r.events.size();
  return e;
}

TEST(TimelineBrowser, TenThousandMessagesAreDrawnAsDensityStripsAtTheWholeRun) {
  SKIP_WITHOUT_CHROMIUM();
  const Drawn d = open_page("ten-thousand-messages", {messages(10'000)});
  expect_drawn(d, "10,000 messages");
  EXPECT_EQ(d.mode, "density");
  EXPECT_EQ(d.flights, 10'000);
  EXPECT_NE(d.dom.find("data-kind=\"density\""), std::string::npos);
  EXPECT_NE(d.dom.find("data-kind=\"lost-density\""), std::string::npos);
  EXPECT_EQ(d.dom.find("data-kind=\"message\""), std::string::npos) << "no arrow at this zoom";
  // Measured in the browser and reported: the test suite asserts no clock.
  std::cout << "10,000 messages drawn in " << d.ms << " ms at the whole-run zoom\n";
  RecordProperty("draw_ms", std::to_string(d.ms));
  // Zoomed in (a #at link, as the wheel would): 0 to 0.1 s, with its margin 125 messages, arrows again.
  const Drawn zoomed = open_page("ten-thousand-messages-zoomed", {messages(10'000)}, "#at-0-0-100000000");
  expect_drawn(zoomed, "10,000 messages, zoomed in");
  EXPECT_EQ(zoomed.mode, "arrows");
  EXPECT_EQ(zoomed.flights, 126);
  EXPECT_NE(zoomed.dom.find("data-kind=\"message\""), std::string::npos);
  // Few enough for arrows, each gets one.
  const Drawn few = open_page("fifty-messages", {messages(50)});
  EXPECT_EQ(few.mode, "arrows");
  EXPECT_NE(few.dom.find("data-kind=\"message\""), std::string::npos);
  EXPECT_NE(few.dom.find("data-kind=\"lost\""), std::string::npos);
}

// The heat map of a two-key sweep, opened in the browser with a script that measures every text
// and every cell: each cell's label inside its cell, no two texts overlapping, and each row's
// boundary written out exactly.
TEST(TimelineBrowser, ATwoKeySweepHeatMapHasLabelsThatFitAndItsBoundaryExactly) {
  SKIP_WITHOUT_CHROMIUM();
  harness::SweepOptions o;
  o.file = "scenarios/sweep/zbs-legacy-reply-delay.yaml";
  o.axes.push_back(harness::parse_axis("protocol.network_margin", "0s", "5s", ""));
  o.axes.push_back(harness::parse_axis("faults[1].delay.extra", "0s", "9s", ""));
  o.grid_steps = 5;
  const SweepOutcome sweep = harness::sweep(o);
  const std::string file = testing::browser_dir() + "/two-key-sweep.html";
  std::ofstream(file) << "<!doctype html><html><body style=\"margin:0\">" << render_svg(sweep)
                      << "<script>const out = [];"
                         "for (const e of document.querySelectorAll('svg text, svg rect[data-violated]')) {"
                         "  if (e.getAttribute('transform')) continue;"  // the rotated axis title: its box is in its own frame
                         "  const b = e.getBBox(); out.push([e.tagName, e.getAttribute('class') || '', b.x, b.y, b.width, b.height, e.textContent]); }"
                         "document.documentElement.setAttribute('data-boxes', JSON.stringify(out));</script></body></html>";
  const std::string dom = chromium("--window-size=1400,900 --dump-dom file://" + file);
  ASSERT_EQ(testing::script_error(dom), "");
  pt::ptree t;
  std::istringstream in(testing::attribute(dom, "data-boxes"));
  pt::read_json(in, t);
  std::vector<Box> texts, cells, cell_labels;
  std::vector<std::string> edges;
  for (const auto& [k, v] : t) {
    const std::vector<std::string> r = row(v);
    const Box b{std::stod(r[2]), std::stod(r[3]), std::stod(r[4]), std::stod(r[5]), r[6]};
    if (r[0] == "rect") {
      cells.push_back(b);
    } else {
      texts.push_back(b);
      if (r[1] == "cell") cell_labels.push_back(b);
      if (r[1] == "edge") edges.push_back(r[6]);
    }
  }
  EXPECT_EQ(cells.size(), 36u);
  EXPECT_FALSE(cell_labels.empty());
  for (const Box& l : cell_labels) {
    const bool inside = std::any_of(cells.begin(), cells.end(), [&](const Box& c) {
      return l.x >= c.x && l.x + l.w <= c.x + c.w && l.y >= c.y - 1 && l.y + l.h <= c.y + c.h + 1;
    });
    EXPECT_TRUE(inside) << "cell label '" << l.text << "' does not fit its cell";
  }
  Drawn d;
  d.labels = texts;
  expect_no_overlap(d, "heat map");
  ASSERT_EQ(edges.size(), sweep.boundaries.size());
  EXPECT_NE(std::find(edges.begin(), edges.end(), "holds to 2s, violated from 2.000000001s"), edges.end());
}

}  // namespace
}  // namespace leasesim::reports
