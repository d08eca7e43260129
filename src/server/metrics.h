// ServerMetrics: what /metrics reports in the Prometheus text exposition format (version 0.0.4):
// requests by route, method and status; request latency histograms by route; articles served
// from the store or newly composed; and gauges about the index and the engine pool.
// Routes are the route patterns ("/q/{slug}"), never raw paths, so the label set stays small.
// Thread-safety: thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace evident {

//! Values sampled when /metrics is scraped.
struct MetricsGauges {
  std::string index_generation;  //!< "gen-000003"
  int64_t documents = 0;
  int64_t passages = 0;
  int engines = 0;         //!< answer engines in the pool
  int engines_in_use = 0;  //!< lent out right now
};

class ServerMetrics {
 public:
  //! Upper bounds of the latency buckets, in seconds: 1 ms to 10 s, roughly ×2.5 apart.
  static constexpr std::array<double, 13> kLatencyBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  void ObserveRequest(const std::string& route, const std::string& method, int status,
                      double seconds);
  //! An article answered from the store (`composed` false) or composed now.
  void ObserveArticle(bool composed);

  std::string Render(const MetricsGauges& gauges) const;

 private:
  struct Histogram {
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};  // non-cumulative counts
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  uint64_t articles_composed_ = 0;
  uint64_t articles_saved_ = 0;
};

//! `value` escaped for a Prometheus label value (backslash, double quote, newline).
std::string PrometheusLabel(const std::string& value);

}  // namespace evident
