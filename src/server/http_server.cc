#include "server/http_server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "answer/answer_composer.h"
#include "answer/audience.h"
#include "common/utf8.h"
#include "net/client_rate_limiter.h"
#include "server/api_ask_body.h"
#include "server/article_library.h"
#include "server/connection_pool.h"
#include "server/json_text.h"
#include "server/metrics.h"
#include "server/page_renderer.h"
#include "server/server_sent_events.h"
#include "server/url.h"
#include "server/web_assets.h"

namespace evident {

namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kAudienceCookie = "evident_audience";
constexpr const char* kConversationCookie = "evident_conversation";
constexpr const char* kSessionCookie = "evident_session";
// The secret behind the sign-in form's CSRF token, before there is a session.
constexpr const char* kSignInCookie = "evident_signin";
constexpr int kSignInCookieMaxAgeS = 3600;
constexpr size_t kMaxCommentBytes = 4000;
constexpr int kReviewQueueLimit = 200;
constexpr int kAudienceCookieMaxAgeS = 365 * 24 * 3600;
constexpr int kConversationCookieMaxAgeS = 7 * 24 * 3600;
constexpr size_t kMaxSearchQueryBytes = 4096;
constexpr size_t kMaxSlugChars = 200;
constexpr int kDefaultSearchK = 10;
constexpr int kMaxSearchK = 100;
constexpr int kRecentArticles = 8;
constexpr int kSearchPageResults = 20;

constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

// Per request, on the thread that serves it: when it started and which route took it, for the
// access log and metrics (httplib's logger sees neither).
struct RequestTrace {
  bool started = false;
  SteadyClock::time_point start;
  const char* route = nullptr;
};
thread_local RequestTrace tl_trace;

std::string IsoNow() {
  auto now = std::chrono::system_clock::now();
  auto t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count()));
  return buf;
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(pos, end - pos);
    size_t start = pair.find_first_not_of(' ');
    if (start != std::string::npos) pair = pair.substr(start);
    size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    pos = end + 1;
  }
  return "";
}

void SetCookie(httplib::Response& res, const std::string& name, const std::string& value,
               int max_age_s, bool http_only) {
  res.set_header("Set-Cookie", name + "=" + value +
                                   "; Path=/; Max-Age=" + std::to_string(max_age_s) +
                                   "; SameSite=Lax" + (http_only ? "; HttpOnly" : ""));
}

// A cookie only this site's own pages send back: HttpOnly, SameSite=Strict, and Secure unless
// turned off. `max_age_s` 0 removes it.
void SetPrivateCookie(httplib::Response& res, const std::string& name, const std::string& value,
                      int64_t max_age_s, bool secure) {
  res.set_header("Set-Cookie", name + "=" + value +
                                   "; Path=/; Max-Age=" + std::to_string(max_age_s) +
                                   "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : ""));
}

bool IsHexToken(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// Where to go after signing in: a local path of the review pages, else the queue. Never another
// site ("//evil.example", "https://...").
std::string SafeNext(const std::string& next) {
  bool local = next.rfind("/review", 0) == 0 && std::all_of(next.begin(), next.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) ||
                        std::string_view("/-_?=&%.").find(c) != std::string_view::npos;
               });
  return local ? next : "/review";
}

// "1 second", "12 seconds".
std::string SecondsText(int64_t seconds) {
  return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(ToJsonText(body), "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& code,
               const std::string& message) {
  res.set_header("Cache-Control", "no-store");
  SendJson(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

bool IsApiPath(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path == "/healthz" || path == "/metrics";
}

bool IsValidSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > kMaxSlugChars) return false;
  return std::all_of(slug.begin(), slug.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string ContentTypeOf(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "application/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return "application/json";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string ETagOf(std::string_view data) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64
  for (unsigned char c : data) h = (h ^ c) * 0x100000001b3ULL;
  char buf[24];
  std::snprintf(buf, sizeof(buf), "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kUnavailable:
      return 503;
    case Status::Code::kFailedPrecondition:
      return 409;
    default:
      return 500;
  }
}

const char* ErrorCodeOf(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 403:
      return "forbidden";
    case 405:
      return "method_not_allowed";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 503:
      return "unavailable";
    default:
      return status < 500 ? "bad_request" : "internal";
  }
}

}  // namespace

struct HttpServer::Impl {
  Impl(ServerOptions o, AnswerServiceFactory services)
      : options(std::move(o)),
        engines(std::move(services), options.engines > 0
                                         ? options.engines
                                         : std::max(1u, std::thread::hardware_concurrency())),
        pages(options.stream_drafts),
        ask_limiter(options.ask_rate_limit, options.rate_limit_clients,
                    options.clock != nullptr ? options.clock : Clock::System()),
        sign_in_limiter(options.sign_in_rate_limit, options.rate_limit_clients,
                        options.clock != nullptr ? options.clock : Clock::System()),
        serving_index{options.index_generation, options.documents, options.passages} {
    if (!options.access_log) {
      options.access_log = [](std::string_view line) {
        std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
      };
    }
  }

  // --- plumbing -------------------------------------------------------------------------------

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  // Registers `handler` for `method` and `pattern`, naming the route `route` in logs/metrics.
  void Route(const char* method, const std::string& pattern, const char* route, Handler handler) {
    auto wrapped = [route, handler = std::move(handler)](const httplib::Request& req,
                                                         httplib::Response& res) {
      tl_trace.route = route;
      handler(req, res);
    };
    if (std::string(method) == "GET") {
      server.Get(pattern, wrapped);
    } else {
      server.Post(pattern, wrapped);
    }
  }

  void Configure() {
    int threads = options.connection_threads > 0 ? options.connection_threads
                                                 : std::max(16, 4 * engines.size());
    int max_threads = std::max(threads, options.max_connection_threads);
    server.new_task_queue = [threads, max_threads] {
      return new ConnectionPool(threads, max_threads);
    };
    server.set_read_timeout(options.read_timeout_ms / 1000,
                            (options.read_timeout_ms % 1000) * 1000);
    server.set_write_timeout(options.write_timeout_ms / 1000,
                             (options.write_timeout_ms % 1000) * 1000);
    server.set_keep_alive_timeout(options.keep_alive_timeout_s);
    server.set_keep_alive_max_count(options.keep_alive_max_requests);
    server.set_payload_max_length(options.max_body_bytes);
    // SO_REUSEADDR (restart while old connections linger) but not httplib's default
    // SO_REUSEPORT, which would let a second server bind a port that is in use.
    server.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"},
                                {"X-Frame-Options", "DENY"},
                                {"Cross-Origin-Opener-Policy", "same-origin"}});
    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      tl_trace = {true, SteadyClock::now(), nullptr};
      return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          std::string message = res.status == 404 ? "There is nothing at " + req.path + "."
                                : res.status == 413
                                    ? "The request is larger than " +
                                          std::to_string(options.max_body_bytes) + " bytes."
                                    : "The request could not be served.";
          // A request line cpp-httplib could not parse (an unknown method, not HTTP) leaves the
          // path empty; browsers never send one, so the answer is for a program: JSON.
          if (IsApiPath(req.path) || req.path.empty()) {
            SendError(res, res.status, ErrorCodeOf(res.status), message);
          } else {
            SendPage(res, res.status, pages.Error(res.status, message));
          }
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler(
        [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unexpected error";
          try {
            if (ep) std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          std::fprintf(stderr, "evident serve: %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                       what.c_str());
          Fail(req, res, Status::IOError(what));
        });
    server.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) { Log(req, res); });

    Route("GET", "/", "/", [this](auto& req, auto& res) { Home(req, res); });
    Route("GET", "/ask", "/ask", [this](auto& req, auto& res) { AskForm(req, res); });
    Route("POST", "/ask", "/ask", [this](auto& req, auto& res) { AskForm(req, res); });
    Route("GET", R"(/q/([^/]+))", "/q/{slug}",
          [this](auto& req, auto& res) { ArticlePage(req, res); });
    Route("GET", "/search", "/search", [this](auto& req, auto& res) { SearchPage(req, res); });
    Route("GET", "/editorial-policy", "/editorial-policy", [this](auto& req, auto& res) {
      SendPage(res, 200, pages.EditorialPolicy(PageAudience(req, res)));
    });
    Route("GET", "/login", "/login", [this](auto& req, auto& res) { LoginPage(req, res); });
    Route("POST", "/login", "/login", [this](auto& req, auto& res) { SignIn(req, res); });
    Route("POST", "/logout", "/logout", [this](auto& req, auto& res) { SignOut(req, res); });
    Route("GET", "/review", "/review", [this](auto& req, auto& res) { ReviewQueue(req, res); });
    Route("GET", R"(/review/([^/]+))", "/review/{slug}",
          [this](auto& req, auto& res) { ReviewPage(req, res); });
    Route("POST", R"(/review/([^/]+)/transition)", "/review/{slug}/transition",
          [this](auto& req, auto& res) { ReviewAction(req, res, /*transition=*/true); });
    Route("POST", R"(/review/([^/]+)/comment)", "/review/{slug}/comment",
          [this](auto& req, auto& res) { ReviewAction(req, res, /*transition=*/false); });
    Route("GET", R"(/static/([A-Za-z0-9._-]+))", "/static/{file}",
          [this](auto& req, auto& res) { Asset(req, res, "static/" + req.matches[1].str()); });
    Route("GET", "/favicon.ico", "/static/{file}", [this](auto& req, auto& res) {
      res.status = 301;
      res.set_header("Location", "/static/favicon.svg");
    });
    Route("POST", "/api/ask", "/api/ask", [this](auto& req, auto& res) { ApiAsk(req, res); });
    Route("GET", "/api/ask/stream", "/api/ask/stream",
          [this](auto& req, auto& res) { ApiAskStream(req, res); });
    Route("GET", "/api/ask", "/api/ask", [](auto&, auto& res) {
      res.set_header("Allow", "POST");
      SendError(res, 405, "method_not_allowed", "POST a JSON body to /api/ask.");
    });
    Route("GET", R"(/api/articles/([^/]+))", "/api/articles/{slug}",
          [this](auto& req, auto& res) { ApiArticle(req, res); });
    Route("GET", "/api/search", "/api/search",
          [this](auto& req, auto& res) { ApiSearch(req, res); });
    Route("GET", "/api/openapi.json", "/api/openapi.json",
          [this](auto& req, auto& res) { Asset(req, res, "openapi.json"); });
    Route("GET", "/healthz", "/healthz", [this](auto&, auto& res) {
      res.set_header("Cache-Control", "no-store");
      ServingIndex serving = Serving();
      SendJson(res, 200,
               {{"status", "ok"},
                {"index_generation", serving.generation},
                {"documents", serving.documents}});
    });
    Route("GET", "/metrics", "/metrics", [this](auto&, auto& res) {
      ServingIndex serving = Serving();
      MetricsGauges g{serving.generation, serving.documents, serving.passages, engines.size(),
                      engines.in_use()};
      res.set_header("Cache-Control", "no-store");
      res.set_content(metrics.Render(g), "text/plain; version=0.0.4; charset=utf-8");
    });
  }

  void Log(const httplib::Request& req, const httplib::Response& res) {
    double seconds =
        tl_trace.started
            ? std::chrono::duration<double>(SteadyClock::now() - tl_trace.start).count()
            : 0;
    std::string route = tl_trace.route != nullptr ? tl_trace.route
                        : tl_trace.started        ? "unmatched"
                                                  : "rejected";
    tl_trace = {};
    metrics.ObserveRequest(route, req.method, res.status, seconds);
    json line = {{"ts", IsoNow()},           {"remote", req.remote_addr},
                 {"method", req.method},     {"path", req.path.substr(0, 256)},
                 {"route", route},           {"status", res.status},
                 {"bytes", res.body.size()}, {"ms", std::round(seconds * 1e5) / 100}};
    options.access_log(ToJsonText(line));
  }

  void SendPage(httplib::Response& res, int status, const std::string& html) {
    res.status = status;
    res.set_header("Cache-Control", "no-cache");
    res.set_header("Vary", "Cookie");
    res.set_content(html, "text/html; charset=utf-8");
  }

  // What the client is told of `status` (answered as `code`): internal errors are logged to
  // stderr, and not shown.
  std::string FailureMessage(const httplib::Request& req, const Status& status, int code) {
    if (code >= 500) {
      std::fprintf(stderr, "evident serve: %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                   status.ToString().c_str());
    }
    return code >= 500 && code != 503 ? "The server could not answer this request."
                                      : status.message();
  }

  // An error while serving: a JSON error for the API, an error page otherwise.
  void Fail(const httplib::Request& req, httplib::Response& res, const Status& status) {
    int code = HttpStatusOf(status);
    if (code == 503) res.set_header("Retry-After", "2");
    std::string message = FailureMessage(req, status, code);
    if (IsApiPath(req.path)) {
      SendError(res, code, ErrorCodeOf(code), message);
    } else {
      SendPage(res, code, pages.Error(code, message));
    }
  }

  Result<AnswerServicePool::Lease> Engine() {
    return engines.Acquire(std::chrono::milliseconds(options.engine_wait_ms));
  }

  // Seconds `req`'s client must wait before `limiter` lets it start another request (at least
  // 1); 0 when it may, and the request is counted.
  static int64_t RateLimitedS(ClientRateLimiter& limiter, const httplib::Request& req) {
    auto wait = limiter.TryAcquire(req.remote_addr);
    if (wait <= Clock::Duration::zero()) return 0;
    return std::max<int64_t>(1, std::chrono::ceil<std::chrono::seconds>(wait).count());
  }

  // False after answering 429 with Retry-After (JSON on the API, a page otherwise) when `req`'s
  // client has asked its limit of questions.
  bool WithinAskRateLimit(const httplib::Request& req, httplib::Response& res) {
    int64_t wait_s = RateLimitedS(ask_limiter, req);
    if (wait_s == 0) return true;
    res.set_header("Retry-After", std::to_string(wait_s));
    std::string message =
        "Too many questions from this address; please try again in " + SecondsText(wait_s) + ".";
    if (IsApiPath(req.path)) {
      SendError(res, 429, "rate_limited", message);
    } else {
      SendPage(res, 429, pages.Error(429, message));
    }
    return false;
  }

  // The audience for a page: ?audience= (remembered in the cookie), else the cookie, else
  // physician.
  Audience PageAudience(const httplib::Request& req, httplib::Response& res) {
    if (req.has_param("audience")) {
      if (auto a = ParseAudience(req.get_param_value("audience"))) {
        SetCookie(res, kAudienceCookie, AudienceName(*a), kAudienceCookieMaxAgeS, false);
        return *a;
      }
    }
    return ParseAudience(CookieValue(req, kAudienceCookie)).value_or(Audience::kPhysician);
  }

  // --- pages ----------------------------------------------------------------------------------

  void Home(const httplib::Request& req, httplib::Response& res) {
    Audience audience = PageAudience(req, res);
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    auto recent = ArticleLibrary(**engine).Recent(kRecentArticles);
    if (!recent.ok()) return Fail(req, res, recent.status());
    SendPage(res, 200, pages.Home(*recent, audience));
  }

  void AskForm(const httplib::Request& req, httplib::Response& res) {
    std::string question = req.get_param_value("q");
    if (req.method == "GET" && NormaliseQuestion(question).empty()) {
      res.status = 303;
      res.set_header("Location", "/");
      return;
    }
    Audience audience = PageAudience(req, res);
    std::string context = req.get_param_value("context");
    std::string conversation = req.get_param_value("conversation_id");
    if (conversation.empty()) conversation = CookieValue(req, kConversationCookie);
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    ArticleLibrary library(**engine);
    std::string error;
    if (NormaliseQuestion(question).empty()) {
      error = "Please type a question.";
    } else if (!IsValidUtf8(question)) {
      error = "The question is not valid UTF-8 text.";
      question.clear();  // not shown back
    } else if (question.size() > kMaxQuestionBytes) {
      error = "Please shorten the question to at most " + std::to_string(kMaxQuestionBytes) +
              " characters.";
    }
    if (!error.empty()) {
      auto recent = library.Recent(kRecentArticles);
      if (!recent.ok()) return Fail(req, res, recent.status());
      return SendPage(res, 400, pages.Home(*recent, audience, error, question));
    }
    if (!WithinAskRateLimit(req, res)) return;
    // A follow-up continues the conversation of the page it was asked on; a question from the
    // home page starts a new one.
    std::string conversation_id;
    if (IsValidSlug(context)) {
      auto continued = library.ConversationFor(context, conversation);
      if (continued.ok()) {
        conversation_id = *continued;
      } else if (!continued.status().IsNotFound()) {
        return Fail(req, res, continued.status());
      }
    }
    auto asked = library.Ask(question, audience, conversation_id);
    if (!asked.ok()) return Fail(req, res, asked.status());
    metrics.ObserveArticle(asked->composed);
    SetCookie(res, kConversationCookie, asked->article.value("conversation_id", ""),
              kConversationCookieMaxAgeS, true);
    res.status = 303;
    res.set_header("Location", "/q/" + asked->article.value("slug", ""));
  }

  void ArticlePage(const httplib::Request& req, httplib::Response& res) {
    std::string slug = req.matches[1];
    if (!IsValidSlug(slug)) {
      return SendPage(res, 404, pages.Error(404, "There is no article at this address."));
    }
    Audience audience = PageAudience(req, res);
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    auto article = ArticleLibrary(**engine).Get(slug, audience);
    if (!article.ok()) {
      if (article.status().IsNotFound()) {
        return SendPage(res, 404, pages.Error(404, "There is no article at this address."));
      }
      return Fail(req, res, article.status());
    }
    metrics.ObserveArticle(article->composed);
    ArticlePageState state;
    state.audience = audience;
    std::string conversation = CookieValue(req, kConversationCookie);
    if (IsValidConversationId(conversation)) state.conversation_id = conversation;
    SendPage(res, 200, pages.Article(article->article, state));
  }

  void SearchPage(const httplib::Request& req, httplib::Response& res) {
    Audience audience = PageAudience(req, res);
    std::string query = req.get_param_value("q");
    if (query.size() > kMaxSearchQueryBytes) {
      return SendPage(res, 400, pages.Error(400, "The search is longer than 4096 bytes."));
    }
    if (!IsValidUtf8(query)) {
      return SendPage(res, 400, pages.Error(400, "The search is not valid UTF-8 text."));
    }
    std::vector<SearchHit> hits;
    if (!NormaliseQuestion(query).empty()) {
      auto engine = Engine();
      if (!engine.ok()) return Fail(req, res, engine.status());
      auto found = (*engine)->Search(query, kSearchPageResults);
      if (!found.ok()) return Fail(req, res, found.status());
      hits = std::move(*found);
    }
    SendPage(res, 200, pages.Search(query, hits, audience));
  }

  void Asset(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    const WebAsset* asset = FindWebAsset(path);
    if (asset == nullptr) {
      res.status = 404;  // the error handler writes the page
      return;
    }
    std::string etag = ETagOf(asset->data);
    res.set_header("ETag", etag);
    res.set_header("Vary", "Accept-Encoding");
    // Pages link assets with ?v=<version>: such a URL never changes content.
    bool versioned = req.get_param_value("v") == pages.asset_version();
    res.set_header("Cache-Control",
                   versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(std::string(asset->data), ContentTypeOf(path));
  }

  // --- editorial workflow ---------------------------------------------------------------------

  int64_t NowS() const {
    return options.clock_s
               ? options.clock_s()
               : static_cast<int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  }

  void SendPrivatePage(httplib::Response& res, int status, const std::string& html) {
    SendPage(res, status, html);
    res.headers.erase("Cache-Control");
    res.set_header("Cache-Control", "no-store");
  }

  void Forbidden(httplib::Response& res, const std::string& message) {
    SendPrivatePage(res, 403, pages.Error(403, message));
  }

  // The signed-in reviewer of `req`. Without one: a page request goes to the sign-in page, a
  // form is refused with 403, and false is returned.
  bool RequireReviewer(const httplib::Request& req, httplib::Response& res, StateStore& store,
                       ReviewerSession* session) {
    auto found =
        ReviewerAuth(store, options.auth).Session(CookieValue(req, kSessionCookie), NowS());
    if (found.ok()) {
      *session = std::move(*found);
      return true;
    }
    if (!found.status().IsNotFound()) {
      Fail(req, res, found.status());
    } else if (req.method == "POST") {
      Forbidden(res, "Sign in as a reviewer to do this.");
    } else {
      std::string next = req.path;
      if (req.has_param("audience")) {
        next += "?audience=" + UrlEncodeComponent(req.get_param_value("audience"));
      }
      res.status = 303;
      res.set_header("Location", "/login?next=" + UrlEncodeComponent(next));
    }
    return false;
  }

  // A form's CSRF token against the secret the browser's cookie holds; false after answering 403.
  bool CheckCsrf(const httplib::Request& req, httplib::Response& res, const std::string& secret) {
    if (CsrfTokenMatches(secret, req.get_param_value("csrf"))) return true;
    Forbidden(res,
              "This form has expired or did not come from this site. Reload the page and try "
              "again.");
    return false;
  }

  ReviewerView ViewOf(const ReviewerSession& session, const std::string& token) {
    return {session.username, session.display_name, session.role, CsrfTokenFor(token)};
  }

  void RenderLogin(const httplib::Request& req, httplib::Response& res, int status,
                   const std::string& error) {
    std::string secret = CookieValue(req, kSignInCookie);
    if (!IsHexToken(secret)) secret = NewSecretToken();
    SetPrivateCookie(res, kSignInCookie, secret, kSignInCookieMaxAgeS, options.secure_cookies);
    LoginPageView view;
    view.csrf = CsrfTokenFor(secret);
    view.next = SafeNext(req.get_param_value("next"));
    view.username = req.method == "POST" ? req.get_param_value("username").substr(0, 64) : "";
    view.error = error;
    SendPrivatePage(res, status, pages.Login(view));
  }

  void LoginPage(const httplib::Request& req, httplib::Response& res) {
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    auto session = ReviewerAuth((*engine)->store(), options.auth)
                       .Session(CookieValue(req, kSessionCookie), NowS());
    if (session.ok()) {
      res.status = 303;
      res.set_header("Location", SafeNext(req.get_param_value("next")));
      return;
    }
    RenderLogin(req, res, 200, "");
  }

  void SignIn(const httplib::Request& req, httplib::Response& res) {
    if (!CheckCsrf(req, res, CookieValue(req, kSignInCookie))) return;
    if (int64_t wait_s = RateLimitedS(sign_in_limiter, req); wait_s > 0) {
      res.set_header("Retry-After", std::to_string(wait_s));
      return RenderLogin(req, res, 429,
                         "Too many sign-in attempts from this address; please try again in " +
                             SecondsText(wait_s) + ".");
    }
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    std::string username = Lower(Trim(req.get_param_value("username")));
    int64_t retry_after = 0;
    auto signed_in = ReviewerAuth((*engine)->store(), options.auth)
                         .SignIn(username, req.get_param_value("password"), NowS(), &retry_after);
    if (!signed_in.ok()) {
      const Status& s = signed_in.status();
      switch (s.code()) {
        case Status::Code::kInvalidArgument:
          return RenderLogin(req, res, 401, "Wrong username or password.");
        case Status::Code::kFailedPrecondition:
          return RenderLogin(req, res, 403, "This account is disabled.");
        case Status::Code::kUnavailable:
          if (retry_after > 0) {
            res.set_header("Retry-After", std::to_string(retry_after));
            std::string message = s.message();
            message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
            return RenderLogin(req, res, 429, message + ".");
          }
          [[fallthrough]];
        default:
          return Fail(req, res, s);
      }
    }
    // A session this browser held before is ended, not left behind the new one.
    if (std::string before = CookieValue(req, kSessionCookie); !before.empty()) {
      Status ended = ReviewerAuth((*engine)->store(), options.auth).SignOut(before);
      if (!ended.ok()) return Fail(req, res, ended);
    }
    SetPrivateCookie(res, kSessionCookie, signed_in->token, options.auth.session_lifetime_s,
                     options.secure_cookies);
    SetPrivateCookie(res, kSignInCookie, "", 0, options.secure_cookies);
    res.status = 303;
    res.set_header("Location", SafeNext(req.get_param_value("next")));
  }

  void SignOut(const httplib::Request& req, httplib::Response& res) {
    std::string token = CookieValue(req, kSessionCookie);
    if (!CheckCsrf(req, res, token)) return;
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    Status ended = ReviewerAuth((*engine)->store(), options.auth).SignOut(token);
    if (!ended.ok()) return Fail(req, res, ended);
    SetPrivateCookie(res, kSessionCookie, "", 0, options.secure_cookies);
    res.status = 303;
    res.set_header("Location", "/");
  }

  void ReviewQueue(const httplib::Request& req, httplib::Response& res) {
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    Store& store = (*engine)->store();
    ReviewerSession session;
    if (!RequireReviewer(req, res, store, &session)) return;
    ReviewQueueView view;
    view.reviewer = ViewOf(session, CookieValue(req, kSessionCookie));
    ReviewQueueFilter filter;
    filter.limit = kReviewQueueLimit;
    if (auto status = ParseReviewStatus(req.get_param_value("status"))) {
      filter.status = status;
      view.status = ReviewStatusName(*status);
    }
    int age_days = std::atoi(req.get_param_value("age").c_str());
    if (age_days == 1 || age_days == 7 || age_days == 30) {
      view.min_age_days = age_days;
      std::time_t before = static_cast<std::time_t>(NowS() - int64_t{age_days} * 86400);
      std::tm tm{};
      gmtime_r(&before, &tm);
      char iso[32];
      std::strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
      filter.changed_before = iso;
    }
    auto items = store.ReviewQueue(filter);
    if (!items.ok()) return Fail(req, res, items.status());
    view.items = std::move(*items);
    SendPrivatePage(res, 200, pages.ReviewQueue(view));
  }

  // GET /review/{slug}?audience=
  void ReviewPage(const httplib::Request& req, httplib::Response& res) {
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    Store& store = (*engine)->store();
    ReviewerSession session;
    if (!RequireReviewer(req, res, store, &session)) return;
    RenderReview(req, res, store, session, "", 200);
  }

  // The review page of the article in the URL; `error` (with `status`) when an action failed.
  void RenderReview(const httplib::Request& req, httplib::Response& res, Store& store,
                    const ReviewerSession& session, const std::string& error, int status) {
    std::string slug = req.matches[1];
    auto audience =
        ParseAudience(req.has_param("audience") ? req.get_param_value("audience") : "physician");
    if (!IsValidSlug(slug) || !audience) {
      return SendPrivatePage(res, 404, pages.Error(404, "There is no article at this address."));
    }
    ReviewPageView view;
    view.reviewer = ViewOf(session, CookieValue(req, kSessionCookie));
    auto state = store.GetReviewState(slug, AudienceName(*audience));
    if (!state.ok()) {
      if (state.status().IsNotFound()) {
        return SendPrivatePage(res, 404,
                               pages.Error(404, "No article " + slug + " for this audience."));
      }
      return Fail(req, res, state.status());
    }
    view.state = std::move(*state);
    auto latest = store.GetArticleVersion(slug, AudienceName(*audience), view.state.latest_version);
    if (!latest.ok()) return Fail(req, res, latest.status());
    view.article = json::parse(latest->content, nullptr, false);
    if (!view.article.is_object()) view.article = json::object();
    std::vector<std::string> passage_ids;
    for (const auto& section : view.article.value("sections", json::array())) {
      for (const auto& block : section.value("blocks", json::array())) {
        std::string id = block.value("passage_id", "");
        if (!id.empty()) passage_ids.push_back(id);
      }
    }
    auto passages = store.GetPassageViews(passage_ids);
    if (!passages.ok()) return Fail(req, res, passages.status());
    view.passages = std::move(*passages);
    auto events = store.ReviewEvents(slug, AudienceName(*audience));
    if (!events.ok()) return Fail(req, res, events.status());
    view.events = std::move(*events);
    view.error = error;
    std::string done = req.get_param_value("done");
    if (auto to = ParseReviewStatus(done)) {
      view.notice = std::string("Done: ") + ReviewStatusLabel(*to) + ".";
    } else if (done == "comment") {
      view.notice = "Comment added.";
    }
    SendPrivatePage(res, status, pages.Review(view));
  }

  // POST /review/{slug}/transition (to=, from=, version=, comment=) or /comment.
  void ReviewAction(const httplib::Request& req, httplib::Response& res, bool transition) {
    std::string slug = req.matches[1];
    auto audience = ParseAudience(req.get_param_value("audience"));
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    Store& store = (*engine)->store();
    ReviewerSession session;
    if (!RequireReviewer(req, res, store, &session)) return;
    if (!CheckCsrf(req, res, CookieValue(req, kSessionCookie))) return;
    int version = std::atoi(req.get_param_value("version").c_str());
    std::string comment = Trim(req.get_param_value("comment"));
    auto from = ParseReviewStatus(req.get_param_value("from"));
    auto to = ParseReviewStatus(req.get_param_value("to"));
    if (!IsValidSlug(slug) || !audience || version < 1 || comment.size() > kMaxCommentBytes ||
        (transition && (!from || !to)) || (!transition && comment.empty())) {
      return SendPrivatePage(res, 400, pages.Error(400, "The form was incomplete."));
    }
    Status done;
    if (transition) {
      done = store
                 .Transition({slug, AudienceName(*audience), version, *from, *to, session.username,
                              comment})
                 .status();
    } else {
      done =
          store.AddReviewComment(slug, AudienceName(*audience), version, session.username, comment)
              .status();
    }
    if (done.code() == Status::Code::kFailedPrecondition) {
      return RenderReview(req, res, store, session, done.message(), 409);
    }
    if (!done.ok()) return Fail(req, res, done);
    res.status = 303;
    res.set_header("Location", "/review/" + slug + "?audience=" + AudienceName(*audience) +
                                   "&done=" + (transition ? ReviewStatusName(*to) : "comment"));
  }

  // --- API ------------------------------------------------------------------------------------

  void ApiAsk(const httplib::Request& req, httplib::Response& res) {
    std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0) {
      return SendError(res, 415, "unsupported_media_type",
                       "send the question as JSON (Content-Type: application/json)");
    }
    auto parsed = ParseApiAskBody(req.body);
    if (auto* error = std::get_if<ApiRequestError>(&parsed)) {
      return SendError(res, 400, error->code, error->message);
    }
    const auto& ask = std::get<ApiAskRequest>(parsed);
    if (!WithinAskRateLimit(req, res)) return;
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    auto asked = ArticleLibrary(**engine).Ask(ask.question, ask.audience, ask.conversation_id);
    if (!asked.ok()) return Fail(req, res, asked.status());
    metrics.ObserveArticle(asked->composed);
    res.set_header("Cache-Control", "no-store");
    SendJson(res, 200, asked->article);
  }

  // GET /api/ask/stream?question=&audience=&conversation_id=&context= — the answer as
  // server-sent events (docs/api.md): "progress" {stage}, "delta" {text} for each piece of the
  // language model's draft (unverified), then "article" (what POST /api/ask returns) or "error"
  // {error: {code, message}}. Everything the answer needs from the request is checked before
  // the stream starts, so a bad request is a plain JSON error; the conversation is settled
  // first too, so that its cookie can go out with the headers.
  void ApiAskStream(const httplib::Request& req, httplib::Response& res) {
    std::string question = req.get_param_value("question");
    if (NormaliseQuestion(question).empty()) {
      return SendError(res, 400, "missing_question", "question must be a non-empty string");
    }
    if (!IsValidUtf8(question)) {
      return SendError(res, 400, "invalid_utf8", "question is not valid UTF-8");
    }
    if (question.size() > kMaxQuestionBytes) {
      return SendError(res, 400, "question_too_long",
                       "question is longer than " + std::to_string(kMaxQuestionBytes) + " bytes");
    }
    if (req.has_param("audience") && !ParseAudience(req.get_param_value("audience"))) {
      return SendError(res, 400, "bad_audience",
                       "audience must be physician, nurse, student or patient");
    }
    Audience audience = PageAudience(req, res);
    std::string conversation = req.get_param_value("conversation_id");
    if (!conversation.empty() && !IsValidConversationId(conversation)) {
      return SendError(res, 400, "bad_conversation_id",
                       "conversation_id must be 1-64 letters, digits, '-' or '_'");
    }
    std::string context = req.get_param_value("context");
    if (!context.empty() && !IsValidSlug(context)) {
      return SendError(res, 400, "bad_context", "context must be the slug of an article");
    }
    if (!WithinAskRateLimit(req, res)) return;
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    // A follow-up asked on an article's page continues that article's conversation, as the
    // ask form does; otherwise the given conversation, or a new one.
    if (!context.empty()) {
      if (conversation.empty()) conversation = CookieValue(req, kConversationCookie);
      auto continued = ArticleLibrary(**engine).ConversationFor(context, conversation);
      if (!continued.ok()) return Fail(req, res, continued.status());
      conversation = *continued;
    }
    if (conversation.empty()) conversation = NewConversationId();
    SetCookie(res, kConversationCookie, conversation, kConversationCookieMaxAgeS, true);
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Accel-Buffering", "no");  // a proxy in front must pass events on at once
    auto lease = std::make_shared<AnswerServicePool::Lease>(std::move(*engine));
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, &req, lease, question, audience, conversation](size_t, httplib::DataSink& sink) {
          StreamAnswer(req, **lease, question, audience, conversation, sink);
          sink.done();
          return true;
        });
  }

  void StreamAnswer(const httplib::Request& req, AnswerService& service,
                    const std::string& question, Audience audience, const std::string& conversation,
                    httplib::DataSink& sink) {
    auto send = [&](const char* event, const json& data) {
      std::string frame = EventFrame({event, ToJsonText(data)});
      return sink.write(frame.data(), frame.size());
    };
    int64_t deadline_s = NowS() + options.stream_limit_s;
    AskProgress progress;
    progress.on_stage = [&](const std::string& stage) { send("progress", {{"stage", stage}}); };
    progress.on_draft = [&](std::string_view piece) {
      if (stop_requested) return Status::Unavailable("the server is shutting down");
      if (NowS() > deadline_s) {
        return Status::Unavailable("the draft took longer than " +
                                   std::to_string(options.stream_limit_s) + " s");
      }
      if (!send("delta", {{"text", piece}})) {
        return Status::Unavailable("the reader closed the connection");
      }
      return Status::OK();
    };
    if (!send("progress", {{"stage", "retrieving"}})) return;
    auto asked = ArticleLibrary(service).Ask(question, audience, conversation, progress);
    if (!asked.ok()) {
      int code = HttpStatusOf(asked.status());
      std::string message = FailureMessage(req, asked.status(), code);
      send("error", {{"error", {{"code", ErrorCodeOf(code)}, {"message", message}}}});
      return;
    }
    metrics.ObserveArticle(asked->composed);
    send("article", asked->article);
  }

  void ApiArticle(const httplib::Request& req, httplib::Response& res) {
    std::string slug = req.matches[1];
    if (!IsValidSlug(slug)) {
      return SendError(res, 404, "not_found", "no article is saved as " + slug.substr(0, 200));
    }
    Audience audience = Audience::kPhysician;
    if (req.has_param("audience")) {
      auto parsed = ParseAudience(req.get_param_value("audience"));
      if (!parsed) {
        return SendError(res, 400, "bad_audience",
                         "audience must be physician, nurse, student or patient");
      }
      audience = *parsed;
    }
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    auto article = ArticleLibrary(**engine).Get(slug, audience);
    if (!article.ok()) return Fail(req, res, article.status());
    metrics.ObserveArticle(article->composed);
    res.set_header("Cache-Control", "no-cache");
    SendJson(res, 200, article->article);
  }

  void ApiSearch(const httplib::Request& req, httplib::Response& res) {
    std::string query = req.get_param_value("q");
    if (NormaliseQuestion(query).empty()) {
      return SendError(res, 400, "missing_query", "q must be a non-empty query");
    }
    if (!IsValidUtf8(query)) return SendError(res, 400, "invalid_utf8", "q is not valid UTF-8");
    if (query.size() > kMaxSearchQueryBytes) {
      return SendError(res, 400, "query_too_long", "q is longer than 4096 bytes");
    }
    int k = kDefaultSearchK;
    if (req.has_param("k")) {
      std::string text = req.get_param_value("k");
      char* end = nullptr;
      long parsed = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || parsed < 1 || parsed > kMaxSearchK) {
        return SendError(res, 400, "bad_k", "k must be a whole number from 1 to 100");
      }
      k = static_cast<int>(parsed);
    }
    auto engine = Engine();
    if (!engine.ok()) return Fail(req, res, engine.status());
    auto start = SteadyClock::now();
    auto hits = (*engine)->Search(query, k);
    if (!hits.ok()) return Fail(req, res, hits.status());
    double took_ms = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
    json out = {{"query", query}, {"took_ms", took_ms}, {"hits", json::array()}};
    for (const auto& h : *hits) {
      out["hits"].push_back({{"id", h.doc_id},
                             {"passage_id", h.passage_id},
                             {"score", h.score},
                             {"title", h.title},
                             {"snippet", h.snippet},
                             {"kind", h.kind},
                             {"year", h.year == 0 ? json(nullptr) : json(h.year)}});
    }
    SendJson(res, 200, out);
  }

  ServerOptions options;
  AnswerServicePool engines;
  PageRenderer pages;
  ClientRateLimiter ask_limiter;
  ClientRateLimiter sign_in_limiter;
  // What /healthz and /metrics report of the index answers come from (SwapIndex changes it).
  struct ServingIndex {
    std::string generation;
    int64_t documents = 0;
    int64_t passages = 0;
  };
  mutable std::mutex serving_mu;
  ServingIndex serving_index;  // guarded by serving_mu
  ServingIndex Serving() const {
    std::lock_guard lock(serving_mu);
    return serving_index;
  }
  ServerMetrics metrics;
  httplib::Server server;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> serving{false};
  int bound_port = 0;
};

HttpServer::HttpServer(ServerOptions options, AnswerServiceFactory services)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(services))) {
  impl_->Configure();
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Bind() {
  const auto& o = impl_->options;
  int port = o.port == 0 ? impl_->server.bind_to_any_port(o.bind_address)
                         : (impl_->server.bind_to_port(o.bind_address, o.port) ? o.port : -1);
  if (port <= 0) {
    return Status::IOError("cannot listen on " + o.bind_address + ":" + std::to_string(o.port) +
                           " (address in use, or not an address of this machine?)");
  }
  impl_->bound_port = port;
  return Status::OK();
}

Status HttpServer::Serve() {
  impl_->serving = true;
  if (impl_->stop_requested) {
    impl_->serving = false;
    return Status::OK();
  }
  bool ok = impl_->server.listen_after_bind();
  impl_->serving = false;
  if (!ok && !impl_->stop_requested) return Status::IOError("the listening socket failed");
  return Status::OK();
}

void HttpServer::Stop() {
  impl_->stop_requested = true;
  // Serve() may be on its way into listen: wait until it listens, so stop() takes effect.
  while (impl_->serving && !impl_->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->server.stop();
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::SwapIndex(AnswerServiceFactory services, std::string generation, int64_t documents,
                           int64_t passages) {
  impl_->engines.Replace(std::move(services));
  std::lock_guard lock(impl_->serving_mu);
  impl_->serving_index = {std::move(generation), documents, passages};
}

}  // namespace evident
