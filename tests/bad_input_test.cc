// The bad input matrix (docs/reliability.md, "Bad input"): hostile and malformed requests sent to
// the real `evident serve` on loopback over a copy of the corpus fixture's data directory, and
// hostile arguments and files given to the `evident` command. Every request gets a clear error
// (4xx; a JSON reason on the API), the server answers /healthz after each, and its memory after
// the whole matrix is within bounds of what it was before.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server_test_support.h"

namespace evident {
namespace {

using nlohmann::json;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// --- raw HTTP ---------------------------------------------------------------------------------

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval bound{30, 0};  // a safety bound, never a measurement
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof(bound));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof(bound));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

void SendAll(int fd, const std::string& bytes) {
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (e.g. after 413); the reply says why
    done += static_cast<size_t>(n);
  }
}

struct RawReply {
  int status = 0;  // 0: no reply
  std::string head, body;
};

// Sends `request` as is and reads the reply until the server closes the connection. (Not
// half-closed after sending: cpp-httplib takes a peer's EOF for a gone client and answers nothing.)
RawReply SendRaw(int port, const std::string& request) {
  int fd = Connect(port);
  if (fd < 0) return {};
  SendAll(fd, request);  // requests say "Connection: close"; bad ones are closed anyway
  std::string reply;
  char buf[8192];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;) reply.append(buf, n);
  close(fd);
  RawReply r;
  size_t end = reply.find("\r\n\r\n");
  r.head = reply.substr(0, end);
  if (end != std::string::npos) r.body = reply.substr(end + 4);
  if (reply.rfind("HTTP/1.", 0) == 0 && reply.size() > 12) r.status = std::stoi(reply.substr(9, 3));
  return r;
}

std::string Request(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::string& content_type = "application/json",
                    const std::string& extra_headers = "") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!body.empty() || method == "POST") {
    r += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n";
  }
  return r + extra_headers + "\r\n" + body;
}

long RssKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// One row of the matrix: a raw request, and the statuses it may get.
struct Case {
  std::string name;
  std::string request;
  std::vector<int> statuses;
  bool json_reason = false;  // the reply is a JSON object with an "error"
};

class BadInputServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    serve_ = new testing::ServeProcess(EVIDENT_BINARY, testing::DataDirCopy(EVIDENT_IT_DATA_DIR));
  }
  static void TearDownTestSuite() {
    delete serve_;
    serve_ = nullptr;
  }
  void SetUp() override { ASSERT_GT(serve_->port(), 0) << serve_->Log(); }

  static int port() { return serve_->port(); }
  static void ExpectHealthy(const std::string& after) {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(30, 0);
    auto res = client.Get("/healthz");
    ASSERT_TRUE(res) << "no answer to /healthz after " << after;
    EXPECT_EQ(res->status, 200) << "after " << after;
  }
  static void Check(const Case& c) {
    SCOPED_TRACE(c.name);
    RawReply reply = SendRaw(port(), c.request);
    std::cout << "  " << c.name << ": " << reply.status << " " << reply.body.substr(0, 120) << "\n";
    EXPECT_THAT(c.statuses, ::testing::Contains(reply.status)) << reply.head << "\n" << reply.body;
    if (c.json_reason) {
      json body = json::parse(reply.body, nullptr, false);
      ASSERT_TRUE(body.is_object()) << reply.body;
      EXPECT_TRUE(body.contains("error")) << reply.body;
    }
    ExpectHealthy(c.name);
  }

  static testing::ServeProcess* serve_;
};

testing::ServeProcess* BadInputServer::serve_ = nullptr;

std::string AskBody(const std::string& question) {
  return R"({"question": ")" + question + R"("})";
}

TEST_F(BadInputServer, EveryMalformedRequestGetsAClearErrorAndTheServerKeepsServing) {
  // Warm up (engines, caches), then take the memory baseline.
  Check({"a good question",
         Request("POST", "/api/ask",
                 AskBody("What is the role of metformin "
                         "in type 2 diabetes?")),
         {200}});
  long rss_before = RssKb(serve_->pid());

  std::string nested(60000, '[');
  std::string binary;
  for (int i = 0; i < 4096; ++i) binary.push_back(static_cast<char>((i * 7919 + 13) & 0xff));
  std::vector<Case> cases = {
      {"empty body", Request("POST", "/api/ask", ""), {400}, true},
      {"body larger than the limit (10 MB declared)",
       "POST /api/ask HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: "
       "application/json\r\nContent-Length: 10485760\r\n\r\n" +
           std::string(100000, 'a'),
       {413},
       true},
      {"binary body", Request("POST", "/api/ask", binary), {400}, true},
      {"JSON that is not an object", Request("POST", "/api/ask", "[1, 2, 3]"), {400}, true},
      {"Latin-1 bytes in the question",
       Request("POST", "/api/ask", AskBody("caf\xe9 au lait")),
       {400},
       true},
      {"invalid UTF-8 in the question",
       Request("POST", "/api/ask", AskBody("metformin \xff\xfe\xc3(")),
       {400},
       true},
      {"deeply nested JSON (60k '[')", Request("POST", "/api/ask", nested), {400}, true},
      {"deeply nested JSON in an object",
       Request("POST", "/api/ask", R"({"question": "x", "a": )" + nested),
       {400},
       true},
      {"wrong Content-Type",
       Request("POST", "/api/ask", AskBody("metformin"), "text/plain"),
       {415},
       true},
      {"question too long",
       Request("POST", "/api/ask", AskBody(std::string(5000, 'a'))),
       {400},
       true},
      {"invalid UTF-8 in /api/search",
       Request("GET", "/api/search?q=metformin%ff%fe"),
       {400},
       true},
      {"Latin-1 in /api/search", Request("GET", "/api/search?q=caf%e9"), {400}, true},
      {"invalid UTF-8 in /api/ask/stream",
       Request("GET", "/api/ask/stream?question=%c3%28"),
       {400},
       true},
      {"invalid UTF-8 in /search", Request("GET", "/search?q=%ff%fe"), {400}},
      {"empty /api/search", Request("GET", "/api/search?q="), {400}, true},
      {"path traversal in an article slug", Request("GET", "/q/..%2f..%2fetc%2fpasswd"), {404}},
      {"path traversal in an API slug",
       Request("GET", "/api/articles/..%2f..%2fetc%2fpasswd"),
       {404},
       true},
      {"path traversal in /static", Request("GET", "/static/../"), {404}},
      {"encoded path traversal in /static",
       Request("GET", "/static/..%2f..%2fCMakeLists.txt"),
       {404}},
      {"dot-dot asset name", Request("GET", "/static/.."), {404}},
      {"URL longer than 8 KB", Request("GET", "/search?q=" + std::string(20000, 'a')), {414}},
      {"header longer than 8 KB",
       Request("GET", "/healthz", "", "", "X-Long: " + std::string(20000, 'a') + "\r\n"),
       {400, 431}},
      {"many headers",
       Request("GET", "/healthz", "", "",
               [] {
                 std::string h;
                 for (int i = 0; i < 500; ++i) h += "X-H" + std::to_string(i) + ": v\r\n";
                 return h;
               }()),
       {200, 400, 431}},
      {"unknown method", Request("BREW", "/api/ask"), {400}, true},
      {"GET on a POST-only API", Request("GET", "/api/ask"), {405}, true},
      {"garbage request line", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", {0, 400}},
      {"not HTTP at all", std::string("hello\r\n\r\n"), {400}, true},
      {"NUL bytes in the target", Request("GET", std::string("/search?q=a\0b", 13)), {200, 400}},
  };
  for (const Case& c : cases) Check(c);

  // Header injection: CR/LF in a question that becomes a Location header and a log line.
  {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(60, 0);
    auto res = client.Post(
        "/ask", httplib::Params{{"q", "metformin\r\nSet-Cookie: evil=1\r\nLocation: /evil"},
                                {"audience", "patient\r\nSet-Cookie: evil=2"}});
    ASSERT_TRUE(res);
    EXPECT_THAT(res->status, AnyOf(303, 400));
    EXPECT_FALSE(res->has_header("Set-Cookie") &&
                 res->get_header_value("Set-Cookie").find("evil") != std::string::npos);
    // The question only ever reaches a header as a slug of lower-case words and hyphens.
    for (const auto& [name, value] : res->headers) {
      EXPECT_THAT(value, Not(HasSubstr("\n"))) << name;
      EXPECT_THAT(value, Not(HasSubstr("\r"))) << name;
    }
    EXPECT_THAT(res->get_header_value("Location"), ::testing::MatchesRegex("/q/[a-z0-9-]+"));
    ExpectHealthy("a question with CR/LF");
    RawReply raw = SendRaw(port(), Request("GET", "/search?q=a%0d%0aSet-Cookie:%20evil=3"));
    EXPECT_THAT(raw.head, Not(HasSubstr("evil")));
  }

  // Slowloris: many connections sending their headers a byte at a time; others are served.
  {
    constexpr int kSlowClients = 64;
    std::vector<int> slow;
    for (int i = 0; i < kSlowClients; ++i) {
      int fd = Connect(port());
      ASSERT_GE(fd, 0);
      SendAll(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
      slow.push_back(fd);
    }
    for (int round = 0; round < 3; ++round) {
      for (int fd : slow) SendAll(fd, "X");
      ExpectHealthy("slowloris round " + std::to_string(round));
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    for (int fd : slow) close(fd);
    ExpectHealthy("slowloris");
  }

  // Memory: the matrix leaves the server within bounds of where it started.
  long rss_after = RssKb(serve_->pid());
  std::cout << "serve RSS before the matrix " << rss_before << " kB, after " << rss_after
            << " kB\n";
  RecordProperty("rss_before_kb", std::to_string(rss_before));
  RecordProperty("rss_after_kb", std::to_string(rss_after));
  EXPECT_LT(rss_after, rss_before + 64 * 1024);

  // The log: every line is JSON, none split by a CR/LF from a request.
  std::istringstream log(serve_->Log());
  std::string line;
  while (std::getline(log, line)) {
    if (line.empty() || line[0] != '{') continue;  // startup messages
    EXPECT_FALSE(json::parse(line, nullptr, false).is_discarded()) << line;
  }
}

// --- the command line -------------------------------------------------------------------------

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun RunEvident(const std::vector<std::string>& args) {
  std::string base = testing::TempDir() + "/cli";
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<std::string> all = {EVIDENT_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    FILE* out = std::fopen((base + ".out").c_str(), "w");
    FILE* err = std::fopen((base + ".err").c_str(), "w");
    dup2(fileno(out), STDOUT_FILENO);
    dup2(fileno(err), STDERR_FILENO);
    execv(EVIDENT_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CliRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream out(base + ".out"), err(base + ".err");
  std::stringstream o, e;
  o << out.rdbuf();
  e << err.rdbuf();
  run.out = o.str();
  run.err = e.str();
  return run;
}

class BadInputCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new std::string(testing::DataDirCopy(EVIDENT_IT_DATA_DIR));
  }
  static std::vector<std::string> Ask(const std::string& question) {
    return {"--data-dir", *data_, "ask", "--json", question};
  }
  static std::string* data_;
};

std::string* BadInputCli::data_ = nullptr;

TEST_F(BadInputCli, AskRefusesInvalidUtf8EmptyAndHugeQuestionsWithAClearMessage) {
  for (const auto& [name, question] : std::vector<std::pair<std::string, std::string>>{
           {"invalid UTF-8", "metformin \xff\xfe dose"},
           {"Latin-1", "caf\xe9 au lait and diabetes"},
           {"empty", ""},
           {"only spaces", "   "},
           {"huge (100 KB)", std::string(100000, 'a')}}) {
    SCOPED_TRACE(name);
    CliRun run = RunEvident(Ask(question));
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_THAT(run.err, StartsWith("evident: "));
    EXPECT_THAT(run.err, Not(HasSubstr("terminate")));
  }
  CliRun search = RunEvident({"--data-dir", *data_, "search", "--json", "metformin \xff"});
  EXPECT_EQ(search.exit_code, 2) << search.err;
  EXPECT_THAT(search.err, StartsWith("evident: "));
  // And a good question still works on the same data.
  EXPECT_EQ(RunEvident(Ask("What is the role of metformin in type 2 diabetes?")).exit_code, 0);
}

std::string GzipOf(const std::string& text) {
  std::string out(compressBound(text.size()) + 64, '\0');
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Record(int n) {
  return R"({"id": "pmid:97000)" + std::to_string(n) + R"(", "title": "Quorblatinib trial )" +
         std::to_string(n) +
         R"(", "sections": [{"label": "", "text": "Quorblatinib reduced pain in a trial."}], )"
         R"("year": 2020, "partial": false})";
}

TEST_F(BadInputCli, IngestReportsMalformedFilesAndRecordsWithTheirPositionAndSkipsThem) {
  std::string in = testing::TempDir() + "/bad-in";
  std::filesystem::create_directories(in);
  std::string binary;  // one "line" of 64 KB of bytes
  for (int i = 0; i < 65536; ++i) {
    char c = static_cast<char>((i * 2654435761u) >> 13);
    binary.push_back(c == '\n' ? '\0' : c);
  }
  std::ofstream(in + "/binary.jsonl", std::ios::binary) << binary;
  std::ofstream(in + "/binary.xml", std::ios::binary) << binary;
  std::ofstream(in + "/mixed.jsonl") << Record(1) << "\n{\"id\": \"pmid:1\", \"title\": \n"
                                     << Record(2) << "\n";
  std::string many;
  for (int i = 10; i < 200; ++i) many += Record(i) + "\n";
  std::string gz = GzipOf(many);
  std::ofstream(in + "/truncated.jsonl.gz", std::ios::binary) << gz.substr(0, gz.size() / 2);
  std::ofstream(in + "/latin1.jsonl", std::ios::binary)
      << R"({"id": "pmid:9800001", "title": "Caf)" << '\xe9'
      << R"( trial", "sections": [{"label": "", "text": "Caf)" << '\xe9'
      << R"( reduced pain."}], "year": 2020})"
      << "\n";
  std::ofstream(in + "/empty.jsonl");

  std::string data = testing::TempDir() + "/bad-data";
  // binary.xml is named, so it is parsed (found in a directory, it would be skipped as not
  // PubMed XML).
  CliRun run = RunEvident({"--data-dir", data, "ingest", in, in + "/binary.xml"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, Not(HasSubstr("terminate")));
  // The malformed JSON Lines record: file and line.
  EXPECT_THAT(run.err, HasSubstr("mixed.jsonl: line 2: parse error")) << run.err;
  EXPECT_THAT(run.err, HasSubstr("binary.jsonl: line 1")) << run.err;
  EXPECT_THAT(run.err, HasSubstr("latin1.jsonl: line 1: parse error")) << run.err;
  EXPECT_THAT(run.err, HasSubstr("binary.xml: line 1: XML not well-formed")) << run.err;
  EXPECT_THAT(run.err, HasSubstr("truncated.jsonl.gz: line ")) << run.err;
  EXPECT_THAT(run.err, HasSubstr("unexpected end of file")) << run.err;
  // The good records around the bad ones are in.
  CliRun found = RunEvident({"--data-dir", data, "search", "--json", "-k", "500", "quorblatinib"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_THAT(found.out, HasSubstr("pmid:970001\""));
  EXPECT_THAT(found.out, HasSubstr("pmid:970002\""));
  EXPECT_THAT(found.out, HasSubstr("pmid:9700010\""));  // from before the gzip's cut
}

}  // namespace
}  // namespace evident
