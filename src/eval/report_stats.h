// ReportStats: the small summary statistics the evaluators and benchmarks share in their
// reports: nearest-rank percentiles of latencies and "part / whole (x%)" ratios.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace evident {

//! Nearest-rank percentile of ascending `sorted` values: the smallest value with at least p% of
//! the values at or below it, i.e. sorted[ceil(p / 100 * n) - 1]. It is always an observed value
//! (a latency that happened), never an interpolation. 0 for no values.
double NearestRankPercentile(const std::vector<double>& sorted, double p);

//! "3 / 4 (75.0%)"; 0% when `whole` is 0.
std::string FormatRatio(size_t part, size_t whole);

}  // namespace evident
