#include "server/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace evident {
namespace {

using ::testing::HasSubstr;

TEST(ServerMetrics, CountsRequestsAndBucketsLatencyCumulatively) {
  ServerMetrics m;
  m.ObserveRequest("/q/{slug}", "GET", 200, 0.004);
  m.ObserveRequest("/q/{slug}", "GET", 200, 0.2);
  m.ObserveRequest("/q/{slug}", "GET", 404, 0.0005);
  m.ObserveArticle(true);
  std::string text = m.Render({"gen-000003", 41000, 90000, 2, 1});
  EXPECT_THAT(text, HasSubstr("evident_http_requests_total{route=\"/q/{slug}\",method=\"GET\","
                              "code=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("code=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("evident_http_request_duration_seconds_bucket{route=\"/q/{slug}\","
                              "le=\"0.001\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("le=\"0.005\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("le=\"0.25\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text,
              HasSubstr("evident_http_request_duration_seconds_count{route=\"/q/{slug}\"} 3"));
  EXPECT_THAT(text, HasSubstr("evident_index_info{generation=\"gen-000003\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("evident_index_documents 41000\n"));
  EXPECT_THAT(text, HasSubstr("evident_articles_total{source=\"composed\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE evident_http_request_duration_seconds histogram\n"));
}

TEST(ServerMetrics, EscapesLabelValues) {
  EXPECT_EQ(PrometheusLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace evident
