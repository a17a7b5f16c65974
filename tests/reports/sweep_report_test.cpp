// A sweep rendered: the table and the CSV against golden files, the SVG heat map and the JSON
// parsed back and checked for what they must carry.
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <sstream>

#include "harness/sweep.h"
#include "reports/sweep_report.h"
#include "tests/support/golden.h"

namespace leasesim::reports {
namespace {

namespace pt = boost::property_tree;

SweepOutcome legacy(bool two_axes) {
  harness::SweepOptions o;
  o.file = "scenarios/sweep/zbs-legacy-reply-delay.yaml";
  if (two_axes) o.axes.push_back(harness::parse_axis("protocol.network_margin", "0s", "5s", ""));
  o.axes.push_back(harness::parse_axis("faults[1].delay.extra", "0s", "9s", ""));
  o.grid_steps = two_axes ? 5 : 10;
  SweepOutcome s = harness::sweep(o);
  s.wall_seconds = 0;  // the one figure that differs from run to run
  return s;
}

TEST(SweepReport, OneAxisTableMatchesItsGoldenFile) {
  testing::expect_golden("sweep-legacy-reply-delay.txt", render_text(legacy(false)));
}

TEST(SweepReport, TwoAxesTableAndCsvMatchTheirGoldenFiles) {
  const SweepOutcome s = legacy(true);
  testing::expect_golden("sweep-legacy-margin-by-delay.txt", render_text(s));
  testing::expect_golden("sweep-legacy-margin-by-delay.csv", render_csv(s));
}

TEST(SweepReport, HeatMapHasACellPerPointAndTheBoundaryOfEveryRow) {
  const SweepOutcome s = legacy(true);
  pt::ptree svg;
  std::istringstream in(render_svg(s));
  ASSERT_NO_THROW(pt::read_xml(in, svg));
  size_t cells = 0, violated = 0, boundaries = 0;
  for (const auto& [tag, child] : svg.get_child("svg")) {
    if (tag == "rect" && child.get_optional<std::string>("<xmlattr>.data-violated")) {
      ++cells;
      violated += child.get<std::string>("<xmlattr>.data-violated") == "1" ? 1 : 0;
    }
    if (tag == "line" && child.get<std::string>("<xmlattr>.class", "") == "boundary") {
      ++boundaries;
      EXPECT_NE(child.get<std::string>("title").find(" holds up to faults[1].delay.extra = "), std::string::npos);
    }
  }
  EXPECT_EQ(cells, 36u);
  size_t expected_violated = 0;
  for (const SweepPoint& p : s.grid) expected_violated += p.violated ? 1 : 0;
  EXPECT_EQ(violated, expected_violated);
  EXPECT_EQ(boundaries, 6u);
}

TEST(SweepReport, JsonCarriesTheBoundariesExactly) {
  pt::ptree j;
  std::istringstream in(render_json(legacy(false)));
  ASSERT_NO_THROW(pt::read_json(in, j));
  EXPECT_EQ(j.get_child("grid").size(), 11u);
  const pt::ptree& b = j.get_child("boundaries").front().second;
  EXPECT_EQ(b.get<std::string>("last"), "2.5s");
  EXPECT_EQ(b.get<std::string>("first"), "2.500000001s");
  EXPECT_EQ(b.get<std::string>("worst_window_ms"), "0.000001");
}

}  // namespace
}  // namespace leasesim::reports
