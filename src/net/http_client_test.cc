#include "net/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "net/loopback_server.h"

namespace evident {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using testing::LoopbackServer;

TEST(HttpClient, GetsWithQueryAndHeaders) {
  LoopbackServer server([](httplib::Server& s) {
    s.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Term", req.get_param_value("term"));
      res.set_content("agent=" + req.get_header_value("X-Agent"), "text/plain");
    });
  });
  HttpRequest request;
  request.url = server.Url("/echo?" + QueryString({{"term", "lung cancer & \"NSCLC\""}}));
  request.headers = {{"X-Agent", "evident"}};
  auto response = NewHttpClient()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "agent=evident");
  EXPECT_EQ(response->Header("x-term"), "lung cancer & \"NSCLC\"");
  EXPECT_EQ(response->Header("X-Missing"), "");
}

TEST(HttpClient, PostsABodyAndStreamsTheReplyInPieces) {
  LoopbackServer server([](httplib::Server& s) {
    s.Post("/v1/echo", [](const httplib::Request& req, httplib::Response& res) {
      std::string body = req.body;
      res.set_chunked_content_provider("text/event-stream",
                                       [body](size_t, httplib::DataSink& sink) {
                                         sink.write("data: 1\n\n", 9);
                                         sink.write(body.data(), body.size());
                                         sink.done();
                                         return true;
                                       });
    });
  });
  HttpRequest request;
  request.method = "POST";
  request.url = server.Url("/v1/echo");
  request.body = R"({"q":1})";
  request.content_type = "application/json";
  std::string streamed;
  request.on_body = [&](std::string_view piece) {
    streamed += piece;
    return true;
  };
  auto response = NewHttpClient()->Send(request);
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(streamed, "data: 1\n\n{\"q\":1}");
  EXPECT_TRUE(response->body.empty());
}

TEST(HttpClient, HttpErrorsAreResponsesNotFailures) {
  LoopbackServer server([](httplib::Server& s) {
    s.Get("/busy", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_header("Retry-After", "2");
      res.set_content("slow down", "text/plain");
    });
  });
  HttpRequest request;
  request.url = server.Url("/busy");
  auto response = NewHttpClient()->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 429);
  EXPECT_EQ(response->Header("Retry-After"), "2");
}

TEST(HttpClient, NoServerIsUnavailableAndTheMessageHidesTheQuery) {
  int port = 0;
  {
    httplib::Server probe;  // a port that was free a moment ago and has no listener now
    port = probe.bind_to_any_port("127.0.0.1");
  }
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/esearch.fcgi?api_key=SECRET";
  request.timeout_ms = 2000;
  auto response = NewHttpClient()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Status::Code::kUnavailable);
  EXPECT_THAT(response.status().message(), HasSubstr("/esearch.fcgi"));
  EXPECT_THAT(response.status().message(), Not(HasSubstr("SECRET")));
}

TEST(HttpClient, ASilentServerTimesOut) {
  std::mutex mu;
  std::condition_variable released;
  bool done = false;
  LoopbackServer server([&](httplib::Server& s) {
    s.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mu);
      released.wait(lock, [&] { return done; });
      res.set_content("late", "text/plain");
    });
  });
  HttpRequest request;
  request.url = server.Url("/slow");
  request.timeout_ms = 200;
  auto response = NewHttpClient()->Send(request);
  {
    std::lock_guard lock(mu);
    done = true;
  }
  released.notify_all();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Status::Code::kUnavailable);
}

TEST(HttpClient, RejectsWhatIsNotAnHttpUrl) {
  HttpRequest request;
  request.url = "ftp://example.org/x";
  auto response = NewHttpClient()->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace evident
