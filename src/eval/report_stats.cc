#include "eval/report_stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace evident {

double NearestRankPercentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::string FormatRatio(size_t part, size_t whole) {
  double percent = whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / whole;
  return fmt::format("{} / {} ({:.1f}%)", part, whole, percent);
}

}  // namespace evident
