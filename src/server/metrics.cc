#include "server/metrics.h"

#include <cstdio>

namespace evident {

namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

}  // namespace

std::string PrometheusLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void ServerMetrics::ObserveRequest(const std::string& route, const std::string& method, int status,
                                   double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  ++h.count;
  h.sum += seconds;
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (seconds <= kLatencyBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
}

void ServerMetrics::ObserveArticle(bool composed) {
  std::lock_guard lock(mu_);
  ++(composed ? articles_composed_ : articles_saved_);
}

std::string ServerMetrics::Render(const MetricsGauges& g) const {
  std::string out;
  std::lock_guard lock(mu_);
  out += "# HELP evident_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE evident_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += "evident_http_requests_total{route=\"" + PrometheusLabel(route) + "\",method=\"" +
           PrometheusLabel(method) + "\",code=\"" + std::to_string(status) + "\"} " +
           std::to_string(n) + "\n";
  }
  out += "# HELP evident_http_request_duration_seconds Time to answer a request, by route.\n";
  out += "# TYPE evident_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string label = "route=\"" + PrometheusLabel(route) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += "evident_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             Number(kLatencyBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "evident_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "evident_http_request_duration_seconds_sum{" + label + "} " + Number(h.sum) + "\n";
    out += "evident_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) +
           "\n";
  }
  out += "# HELP evident_articles_total Articles served, by where they came from.\n";
  out += "# TYPE evident_articles_total counter\n";
  out += "evident_articles_total{source=\"composed\"} " + std::to_string(articles_composed_) + "\n";
  out += "evident_articles_total{source=\"saved\"} " + std::to_string(articles_saved_) + "\n";
  out += "# HELP evident_index_info The serving index generation.\n";
  out += "# TYPE evident_index_info gauge\n";
  out += "evident_index_info{generation=\"" + PrometheusLabel(g.index_generation) + "\"} 1\n";
  out += "# HELP evident_index_documents Documents in the serving index.\n";
  out += "# TYPE evident_index_documents gauge\n";
  out += "evident_index_documents " + std::to_string(g.documents) + "\n";
  out += "# HELP evident_index_passages Passages in the serving index.\n";
  out += "# TYPE evident_index_passages gauge\n";
  out += "evident_index_passages " + std::to_string(g.passages) + "\n";
  out += "# HELP evident_engines Answer engines in the pool.\n";
  out += "# TYPE evident_engines gauge\n";
  out += "evident_engines " + std::to_string(g.engines) + "\n";
  out += "# HELP evident_engines_in_use Answer engines serving a request right now.\n";
  out += "# TYPE evident_engines_in_use gauge\n";
  out += "evident_engines_in_use " + std::to_string(g.engines_in_use) + "\n";
  return out;
}

}  // namespace evident
