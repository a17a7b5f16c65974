#include "reports/sweep_result.h"

#include "sim/duration_text.h"

namespace leasesim::reports {

std::string SweepAxis::text(int64_t value) const {
  return is_duration ? sim::format_duration(sim::Duration{value}) : sim::format_decimal(value, places);
}

std::string SweepAxis::number(int64_t value) const { return sim::format_decimal(value, is_duration ? 9 : places); }

}  // namespace leasesim::reports
