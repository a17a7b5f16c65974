// The style and script every HTML report embeds (see html_assets.cpp).
#pragma once

namespace leasesim::reports {

extern const char* const kHtmlStyle;
extern const char* const kHtmlScript;

}  // namespace leasesim::reports
