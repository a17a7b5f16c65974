// Text inside HTML, SVG and XML: escaped so that a scenario's names cannot break the markup.
#pragma once

#include <string>
#include <string_view>

namespace leasesim::reports {

// Escapes & < > " ' and drops the control characters XML 1.0 forbids even escaped (all but
// tab and newline), so the result is valid in an element or an attribute of any of the three.
std::string xml_escape(std::string_view s);

}  // namespace leasesim::reports
