// Test support: a page opened in Debian's headless Chromium (scripts/setup-deps --tests
// installs it), its DOM after the scripts ran, or a screenshot of it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/command.h"

namespace leasesim::testing {

inline std::string browser_dir() {
  const std::string dir = std::string(LEASESIM_BINARY_DIR) + "/browser-test";
  std::filesystem::create_directories(dir);
  return dir;
}

inline bool have_chromium() { return std::filesystem::exists("/usr/bin/chromium"); }

// The window is fixed (and the device pixels one per CSS pixel) so that a DOM dump and a
// screenshot of one page lay it out alike.
inline std::string chromium(const std::string& args) {
  const std::string flags =
      "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
      "--disable-component-update --disable-sync --hide-scrollbars --force-device-scale-factor=1 --user-data-dir=" +
      browser_dir() + "/profile-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();  // one per test: ctest runs them at once
  return run_command("timeout 120 chromium " + flags + " " + args + " 2>/dev/null").output;
}

inline std::string between(const std::string& s, const std::string& a, const std::string& b) {
  const size_t i = s.find(a);
  if (i == std::string::npos) return "";
  const size_t j = s.find(b, i + a.size());
  return s.substr(i + a.size(), j - i - a.size());
}

// The page's error listener marks the root element; the DOM dump shows the mark.
inline std::string script_error(const std::string& dom) {
  const size_t at = dom.find("data-script-error=\"");
  return at == std::string::npos ? "" : "script error: " + between(dom, "data-script-error=\"", "\"");
}

// An attribute's value as the DOM dump escapes it, unescaped.
inline std::string attribute(const std::string& dom, const std::string& name, size_t from = 0) {
  const std::string key = name + "=\"";
  const size_t at = dom.find(key, from);
  if (at == std::string::npos) return "";
  const size_t end = dom.find('"', at + key.size());
  std::string v = dom.substr(at + key.size(), end - at - key.size()), out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '&') {
      out += v[i];
      continue;
    }
    const size_t semi = v.find(';', i);
    const std::string ent = v.substr(i + 1, semi - i - 1);
    out += ent == "quot" ? "\"" : ent == "amp" ? "&" : ent == "lt" ? "<" : ent == "gt" ? ">" : ent == "#39" ? "'" : "?";
    i = semi;
  }
  return out;
}

}  // namespace leasesim::testing
