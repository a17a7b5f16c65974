#include "reports/sweep_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/json.h"
#include "leasesim/version.h"
#include "reports/markup.h"
#include "sim/duration_text.h"

namespace leasesim::reports {
namespace {

using sim::format_duration;

std::string pad(const std::string& s, size_t width) { return s.size() >= width ? s : s + std::string(width - s.size(), ' '); }
std::string pad_left(const std::string& s, size_t width) { return s.size() >= width ? s : std::string(width - s.size(), ' ') + s; }

std::string invariants(const SweepOutcome& s) {
  std::string o;
  for (const std::string& c : s.checkers) o += (o.empty() ? "" : ", ") + c;
  return o.empty() ? "(none)" : o;
}

std::string range(const SweepAxis& a) {
  return a.key + " from " + a.text(a.from) + " to " + a.text(a.to()) + " (exact to " + a.text(a.resolution) + ")";
}

std::string window(int64_t ns) { return format_duration(sim::Duration{ns}); }

const SweepPoint& cell(const SweepOutcome& s, size_t row, size_t column) { return s.grid[row * s.columns.size() + column]; }

// What a row without a bisected change shows: one verdict throughout.
std::string uniform_row(const SweepOutcome& s, size_t row) {
  return cell(s, row, 0).violated ? "violated throughout" : "holds throughout";
}

const SweepBoundary* boundary_of_row(const SweepOutcome& s, size_t row) {
  for (const SweepBoundary& b : s.boundaries) {
    if (b.row == row) return &b;
  }
  return nullptr;
}

bool several_changes(const SweepOutcome& s, size_t row) {
  size_t changes = 0;
  for (size_t c = 1; c < s.columns.size(); ++c) changes += cell(s, row, c).violated != cell(s, row, c - 1).violated ? 1 : 0;
  return changes > 1;
}

std::string one_axis_text(const SweepOutcome& s) {
  const SweepAxis& a = s.axes[0];
  // The grid, and the two sides of each boundary; the other bisection probes go to --csv.
  std::vector<std::pair<SweepPoint, bool>> points;
  for (const SweepPoint& p : s.grid) points.emplace_back(p, false);
  for (const SweepPoint& p : s.probes) {
    for (const SweepBoundary& b : s.boundaries) {
      if (p.values[0] == b.last || p.values[0] == b.first) points.emplace_back(p, true);
    }
  }
  std::sort(points.begin(), points.end(), [&](const auto& x, const auto& y) {
    return a.sign > 0 ? x.first.values[0] < y.first.values[0] : x.first.values[0] > y.first.values[0];
  });
  points.erase(std::unique(points.begin(), points.end(), [](const auto& x, const auto& y) { return x.first.values == y.first.values; }),
               points.end());
  size_t w = a.key.size();
  for (const auto& [p, edge] : points) w = std::max(w, a.text(p.values[0]).size());
  std::string o = "  " + pad(a.key, w) + "  verdict    worst window  windows\n";
  for (const auto& [p, edge] : points) {
    std::string line = "  " + pad(a.text(p.values[0]), w) + "  " + pad(p.violated ? "violated" : "holds", 9) + "  " +
                       pad(p.violated ? window(p.worst_ns) : "-", 12) + "  " + pad(std::to_string(p.windows), 7) +
                       (edge ? "  <- boundary (bisected)" : "");
    o += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  o += "\n";
  if (s.boundaries.empty()) {
    o += "boundary   none between " + a.text(a.from) + " and " + a.text(a.to()) + ": " + invariants(s) + " " +
         (s.grid.front().violated ? "is violated at every value tried" : "holds at every value tried") + "\n";
  }
  for (const SweepBoundary& b : s.boundaries) o += "boundary   " + describe(s, b) + "\n";
  return o;
}

std::string two_axes_text(const SweepOutcome& s) {
  const SweepAxis& r = s.axes[0];
  const SweepAxis& c = s.axes[1];
  std::vector<std::string> heads;
  for (int64_t k : s.columns) heads.push_back(c.text(c.at(k)));
  size_t row_w = r.key.size();
  for (int64_t k : s.rows) row_w = std::max(row_w, r.text(r.at(k)).size());
  std::vector<size_t> col_w(heads.size());
  for (size_t j = 0; j < heads.size(); ++j) {
    col_w[j] = heads[j].size();
    for (size_t i = 0; i < s.rows.size(); ++i) col_w[j] = std::max(col_w[j], window(cell(s, i, j).worst_ns).size());
  }
  std::string o = "worst window of " + invariants(s) + " in each cell ('.' where it holds); rows " + r.key + ", columns " + c.key + "\n\n";
  o += "  " + pad(r.key, row_w);
  for (size_t j = 0; j < heads.size(); ++j) o += "  " + pad_left(heads[j], col_w[j]);
  o += "  | boundary along " + c.key + "\n";
  for (size_t i = 0; i < s.rows.size(); ++i) {
    o += "  " + pad(r.text(r.at(s.rows[i])), row_w);
    for (size_t j = 0; j < heads.size(); ++j) {
      const SweepPoint& p = cell(s, i, j);
      o += "  " + pad_left(p.violated ? window(p.worst_ns) : ".", col_w[j]);
    }
    const SweepBoundary* b = boundary_of_row(s, i);
    std::string edge = b == nullptr ? uniform_row(s, i)
                                    : std::string(b->violated_before ? "violated up to " : "holds up to ") + c.text(b->last) +
                                          ", then " + (b->violated_before ? "holds" : "violated");
    if (several_changes(s, i)) edge += " (changes again further on: the first change)";
    o += "  | " + edge + "\n";
  }
  return o;
}

// Where a value of the last axis falls, in columns (0.0 is the first column's centre).
double column_position(const SweepOutcome& s, double value) {
  const SweepAxis& a = s.axes.back();
  const double k = (value - static_cast<double>(a.from)) / static_cast<double>(a.sign * a.resolution);
  for (size_t j = 0; j + 1 < s.columns.size(); ++j) {
    const double lo = static_cast<double>(s.columns[j]);
    const double hi = static_cast<double>(s.columns[j + 1]);
    if (k <= hi) return static_cast<double>(j) + (k - lo) / (hi - lo);
  }
  return static_cast<double>(s.columns.size() - 1);
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Light amber for a short window to dark red for the longest of the grid.
std::string heat(double t) {
  const double from[3] = {253, 219, 160};
  const double to[3] = {165, 15, 21};
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(from[0] + (to[0] - from[0]) * t),
                static_cast<int>(from[1] + (to[1] - from[1]) * t), static_cast<int>(from[2] + (to[2] - from[2]) * t));
  return buf;
}

// One unit for the whole map, the largest its worst window reaches at least once of, so that
// cells read as plain numbers side by side ("3.5" in a map of seconds).
struct MapUnit {
  const char* name;
  int places;  // a value in ns is this many decimal places of the unit
};
MapUnit unit_for(int64_t worst_ns) {
  if (worst_ns >= 1'000'000'000) return {"s", 9};
  if (worst_ns >= 1'000'000) return {"ms", 6};
  if (worst_ns >= 1'000) return {"us", 3};
  return {"ns", 0};
}

// The width of `text` at the map's 11 px sans-serif, generously (digits and most letters are
// narrower): a label measured so is known to fit.
double text_width(const std::string& text) { return 7.0 * static_cast<double>(text.size()); }

// A window in the map's unit, to at most 3 decimals ("<0.001" when it is smaller still; the
// cell's hover has it exactly).
std::string in_unit(int64_t ns, MapUnit u) {
  const std::string exact = sim::format_decimal(ns, u.places);
  const size_t dot = exact.find('.');
  if (dot == std::string::npos || exact.size() - dot - 1 <= 3) return exact;
  const int64_t scale = u.places > 3 ? static_cast<int64_t>(std::pow(10, u.places - 3)) : 1;
  const int64_t rounded = (ns + scale / 2) / scale;
  return rounded == 0 ? "<0.001" : sim::format_decimal(rounded, 3);
}

}  // namespace

std::string describe(const SweepOutcome& s, const SweepBoundary& b) {
  const SweepAxis& a = s.axes.back();
  std::string prefix;
  if (s.axes.size() == 2) prefix = "with " + s.axes[0].key + " = " + s.axes[0].text(s.axes[0].at(s.rows[b.row])) + ", ";
  return prefix + invariants(s) + (b.violated_before ? " is violated up to " : " holds up to ") + a.key + " = " + a.text(b.last) +
         (b.violated_before ? " (window " + window(b.worst_after_ns) + ") and holds from " : " and is violated from ") +
         a.text(b.first) + (b.violated_before ? "" : " (window " + window(b.worst_after_ns) + ")");
}

std::string render_text(const SweepOutcome& s) {
  std::string o = "scenario   " + s.scenario + " (" + s.file + "), seed " + std::to_string(s.seed) + "\n";
  for (const SweepAxis& a : s.axes) o += "sweep      " + range(a) + "\n";
  o += "grid       " + std::to_string(s.grid_steps) + " steps" + (s.axes.size() == 2 ? " per axis" : "") +
       ", every change of verdict bisected to the resolution\n";
  o += "invariant  " + invariants(s) + "\n\n";
  o += s.axes.size() == 1 ? one_axis_text(s) : two_axes_text(s);
  char wall[64];
  std::snprintf(wall, sizeof wall, "%.2f", s.wall_seconds);
  o += "runs       " + std::to_string(s.runs) + " (" + wall + " s)\n";
  return o;
}

std::string render_csv(const SweepOutcome& s) {
  std::string o;
  for (const SweepAxis& a : s.axes) o += a.key + (a.is_duration ? " (s)," : ",");
  o += "violated,worst_window_s,windows,point\n";
  std::vector<std::pair<const SweepPoint*, const char*>> rows;
  for (const SweepPoint& p : s.grid) rows.emplace_back(&p, "grid");
  for (const SweepPoint& p : s.probes) rows.emplace_back(&p, "bisection");
  for (const auto& [p, what] : rows) {
    for (size_t a = 0; a < s.axes.size(); ++a) o += s.axes[a].number(p->values[a]) + ",";
    o += std::string(p->violated ? "1" : "0") + "," + sim::format_decimal(p->worst_ns, 9) + "," + std::to_string(p->windows) + "," + what + "\n";
  }
  return o;
}

std::string render_svg(const SweepOutcome& s) {
  const bool grid2 = s.axes.size() == 2;
  const SweepAxis& c = s.axes.back();
  const size_t rows = grid2 ? s.rows.size() : 1;
  const size_t cols = s.columns.size();
  const double cw = 58, ch = grid2 ? 26 : 40;
  double row_labels = 0;
  if (grid2) {
    for (int64_t k : s.rows) row_labels = std::max(row_labels, text_width(s.axes[0].text(s.axes[0].at(k))));
  }
  const double left = 36 + row_labels;
  const double top = 64;
  // Each row's boundary, exactly, to the right of the grid.
  std::vector<std::string> edges(rows);
  for (const SweepBoundary& b : s.boundaries) {
    edges[b.row] += (edges[b.row].empty() ? "" : "; ") + std::string(b.violated_before ? "violated to " : "holds to ") + c.text(b.last) + ", " + (b.violated_before ? "holds from " : "violated from ") + c.text(b.first);
  }
  double edge_width = 0;
  for (const std::string& e : edges) edge_width = std::max(edge_width, text_width(e));
  const double grid_right = left + cw * static_cast<double>(cols);
  int64_t worst = 0;
  for (const SweepPoint& p : s.grid) worst = std::max(worst, p.worst_ns);
  const MapUnit unit = unit_for(worst);
  const std::string title = s.scenario + ": worst " + invariants(s) + " window";
  const std::string subtitle = s.file + ", seed " + std::to_string(s.seed) + "; worst window in " + unit.name +
                               " per cell; the black line is the boundary, bisected exactly (its values at the right)";
  const double width = std::max(grid_right + 24 + (edge_width > 0 ? edge_width + 12 : 0), 24 + text_width(subtitle));
  const double height = top + ch * static_cast<double>(rows) + 96;

  std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
                  "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  o += "<title>" + xml_escape(title) + "</title>\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  o += "<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" +
       xml_escape(title) + "</text>\n";
  o += "<text x=\"12\" y=\"38\" fill=\"#555\">" + xml_escape(subtitle) + "</text>\n";
  for (size_t i = 0; i < rows; ++i) {
    const double y = top + ch * static_cast<double>(i);
    if (grid2) {
      o += "<text x=\"" + num(left - 6) + "\" y=\"" + num(y + ch / 2 + 4) + "\" text-anchor=\"end\">" +
           xml_escape(s.axes[0].text(s.axes[0].at(s.rows[i]))) + "</text>\n";
    }
    for (size_t j = 0; j < cols; ++j) {
      const SweepPoint& p = s.grid[i * cols + j];
      const double t = worst > 0 ? static_cast<double>(p.worst_ns) / static_cast<double>(worst) : 0;
      std::string tip;
      for (size_t a = 0; a < s.axes.size(); ++a) tip += s.axes[a].key + " = " + s.axes[a].text(p.values[a]) + "\n";
      tip += p.violated ? "violated: worst window " + window(p.worst_ns) : "holds";
      o += "<rect x=\"" + num(left + cw * static_cast<double>(j)) + "\" y=\"" + num(y) + "\" width=\"" + num(cw - 1) + "\" height=\"" +
           num(ch - 1) + "\" fill=\"" + (p.violated ? heat(t) : "#e6f2e8") + "\" data-violated=\"" + (p.violated ? "1" : "0") +
           "\"><title>" + xml_escape(tip) + "</title></rect>\n";
      // The window in the map's unit, if it fits the cell; the hover has it either way.
      const std::string label = p.violated ? in_unit(p.worst_ns, unit) : "";
      if (!label.empty() && text_width(label) <= cw - 6) {
        o += "<text class=\"cell\" x=\"" + num(left + cw * (static_cast<double>(j) + 0.5)) + "\" y=\"" + num(y + ch / 2 + 4) +
             "\" text-anchor=\"middle\" fill=\"" + (t > 0.55 ? "#ffffff" : "#3a1d00") + "\" pointer-events=\"none\">" +
             xml_escape(label) + "</text>\n";
      }
    }
  }
  // The boundary of each row, half-way between its last value of one verdict and the first of
  // the other, joined from row to row: the edge of the safe envelope.
  std::string line;
  for (const SweepBoundary& b : s.boundaries) {
    const double x = left + cw * (column_position(s, (static_cast<double>(b.last) + static_cast<double>(b.first)) / 2) + 0.5);
    const double y0 = top + ch * static_cast<double>(b.row);
    o += "<line class=\"boundary\" x1=\"" + num(x) + "\" y1=\"" + num(y0) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y0 + ch - 1) +
         "\" stroke=\"#000\" stroke-width=\"3\"><title>" + xml_escape(describe(s, b)) + "</title></line>\n";
    line += (line.empty() ? "" : " ") + num(x) + "," + num(y0 + ch / 2);
  }
  for (size_t i = 0; i < rows; ++i) {
    if (edges[i].empty()) continue;
    o += "<text class=\"edge\" x=\"" + num(grid_right + 12) + "\" y=\"" + num(top + ch * static_cast<double>(i) + ch / 2 + 4) + "\">" +
         xml_escape(edges[i]) + "</text>\n";
  }
  if (grid2 && s.boundaries.size() > 1) {
    o += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#000\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>\n";
  }
  const double bottom = top + ch * static_cast<double>(rows);
  // Every column labelled whose label has room; the others every so many columns.
  double column_label = 0;
  for (int64_t k : s.columns) column_label = std::max(column_label, text_width(c.text(c.at(k))));
  const size_t label_every = std::max<size_t>(1, static_cast<size_t>(std::ceil((column_label + 8) / cw)));
  for (size_t j = 0; j < cols; j += label_every) {
    o += "<text x=\"" + num(left + cw * (static_cast<double>(j) + 0.5)) + "\" y=\"" + num(bottom + 14) + "\" text-anchor=\"middle\">" +
         xml_escape(c.text(c.at(s.columns[j]))) + "</text>\n";
  }
  o += "<text x=\"" + num(left + cw * static_cast<double>(cols) / 2) + "\" y=\"" + num(bottom + 32) +
       "\" text-anchor=\"middle\" font-weight=\"bold\">" + xml_escape(c.key) + "</text>\n";
  if (grid2) {
    o += "<text transform=\"translate(14 " + num(top + ch * static_cast<double>(rows) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" font-weight=\"bold\">" + xml_escape(s.axes[0].key) + "</text>\n";
  }
  // Legend.
  const double ly = bottom + 52;
  o += "<rect x=\"" + num(left) + "\" y=\"" + num(ly) + "\" width=\"16\" height=\"12\" fill=\"#e6f2e8\" stroke=\"#bbb\"/>";
  o += "<text x=\"" + num(left + 22) + "\" y=\"" + num(ly + 10) + "\">holds</text>\n";
  o += "<defs><linearGradient id=\"heat\"><stop offset=\"0\" stop-color=\"" + heat(0) + "\"/><stop offset=\"1\" stop-color=\"" +
       heat(1) + "\"/></linearGradient></defs>";
  o += "<rect x=\"" + num(left + 80) + "\" y=\"" + num(ly) + "\" width=\"120\" height=\"12\" fill=\"url(#heat)\"/>";
  o += "<text x=\"" + num(left + 206) + "\" y=\"" + num(ly + 10) + "\">violated: window up to " + xml_escape(window(worst)) +
       "; cells in " + unit.name + "</text>\n";
  o += "</svg>\n";
  return o;
}

std::string render_json(const SweepOutcome& s) {
  std::string o = "{\n  \"leasesim_version\": " + json_string(std::string(version())) + ",\n  \"scenario\": " + json_string(s.scenario) + ",\n  \"file\": " + json_string(s.file) +
                  ",\n  \"seed\": " + std::to_string(s.seed) + ",\n  \"invariants\": [";
  for (size_t i = 0; i < s.checkers.size(); ++i) o += (i ? ", " : "") + json_string(s.checkers[i]);
  o += "],\n  \"axes\": [";
  for (size_t i = 0; i < s.axes.size(); ++i) {
    const SweepAxis& a = s.axes[i];
    o += std::string(i ? ", " : "") + "{\"key\": " + json_string(a.key) + ", \"from\": " + json_string(a.text(a.from)) +
         ", \"to\": " + json_string(a.text(a.to())) + ", \"resolution\": " + json_string(a.text(a.resolution)) + "}";
  }
  const auto point = [&](const SweepPoint& p) {
    std::string v = "{\"values\": [";
    for (size_t a = 0; a < s.axes.size(); ++a) v += (a ? ", " : "") + json_string(s.axes[a].text(p.values[a]));
    return v + "], \"violated\": " + (p.violated ? "true" : "false") + ", \"worst_window_ms\": " + sim::format_ms(p.worst_ns) +
           ", \"windows\": " + std::to_string(p.windows) + "}";
  };
  o += "],\n  \"grid\": [";
  for (size_t i = 0; i < s.grid.size(); ++i) o += std::string(i ? ",\n    " : "\n    ") + point(s.grid[i]);
  o += "\n  ],\n  \"boundaries\": [";
  for (size_t i = 0; i < s.boundaries.size(); ++i) {
    const SweepBoundary& b = s.boundaries[i];
    o += std::string(i ? ",\n    " : "\n    ") + "{";
    if (s.axes.size() == 2) o += "\"row\": " + json_string(s.axes[0].text(s.axes[0].at(s.rows[b.row]))) + ", ";
    o += "\"last\": " + json_string(s.axes.back().text(b.last)) + ", \"first\": " + json_string(s.axes.back().text(b.first)) +
         ", \"violated_before\": " + (b.violated_before ? "true" : "false") + ", \"worst_window_ms\": " + sim::format_ms(b.worst_after_ns) + "}";
  }
  o += std::string(s.boundaries.empty() ? "" : "\n  ") + "],\n  \"runs\": " + std::to_string(s.runs) + "\n}\n";
  return o;
}

}  // namespace leasesim::reports
