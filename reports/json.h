// The little JSON writing leasesim needs: escaped strings and exact numbers, with no library
// and no floating point (times are rendered from integer nanoseconds).
#pragma once

#include <string>
#include <string_view>

namespace leasesim::reports {

// A JSON string literal, quotes included; control characters and non-ASCII bytes are escaped
// so that the output is valid even for names that are not valid UTF-8.
std::string json_string(std::string_view s);

}  // namespace leasesim::reports
