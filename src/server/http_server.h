// HttpServer: `evident serve` — the web app (server-rendered pages) and the JSON API over HTTP.
//
// Routes (docs/api.md, and the OpenAPI document at /api/openapi.json):
//   GET  /                      home: question box, examples, recent articles
//   GET  /ask?q=  POST /ask     ask from a form; 303 to the article page
//   GET  /q/{slug}?audience=    an answer article (the audience is remembered in a cookie)
//   GET  /search?q=             search results
//   GET  /editorial-policy      how articles are made and reviewed
//   GET  /login  POST /login    reviewer sign-in (back-off after repeated failures)
//   POST /logout                sign-out
//   GET  /review?status=&age=   the review queue (reviewers only)
//   GET  /review/{slug}?audience=          an article, its sources, its review log, the actions
//   POST /review/{slug}/transition  POST /review/{slug}/comment   a reviewer's action
//   GET  /static/{file}         CSS, JavaScript, images (ETag, Cache-Control)
//   POST /api/ask               {question, audience, conversation_id} -> article JSON
//   GET  /api/ask/stream?question=&audience=&conversation_id=&context=
//                               the same answer as server-sent events: progress, the language
//                               model's unverified draft as it is written (delta), then the
//                               verified article (article) or an error (error)
//   GET  /api/articles/{slug}?audience=
//   GET  /api/search?q=&k=
//   GET  /api/openapi.json  GET /healthz  GET /metrics
//
// Serving: connections are handled by a pool of threads; each request that needs the engine
// borrows an AnswerService from a pool sized to the machine's cores (they are not thread-safe;
// all share one IndexReader). Request bodies, URIs and headers are size-limited; reads and
// writes time out; a request that waits too long for an engine gets 503; an answer stream holds
// its engine at most stream_limit_s (its draft is then cut short). Responses are
// compressed (gzip, or brotli when asked; event streams are not) and carry security headers (a
// Content-Security-Policy without inline script or style, nosniff, no referrer, no framing). One
// JSON line per request goes to the access log, without query strings, cookies or bodies. Stop() is
// graceful: the listening socket closes and requests in flight finish; an open answer stream cuts
// its draft short at the next piece, sends the extractive article and ends.
//
// Reviewers (server/reviewer_auth.h) hold a session cookie that is HttpOnly, SameSite=Strict,
// Secure (unless turned off for plain-HTTP development) and expires with the session. Every
// editorial form carries a CSRF token tied to the browser's cookie; a POST without the right
// token is refused with 403, as is an action by anyone not signed in.
//
// Rate limits per client address (net/client_rate_limiter.h): questions (POST /api/ask, the ask
// form, GET /api/ask/stream) and sign-in attempts (POST /login, besides the per-username
// back-off of reviewer_auth.h). A client over its limit is answered 429 with Retry-After (JSON
// on the API, a page otherwise) and nothing is done.
//
// Thread-safety: Stop() may be called from any thread; everything else from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"
#include "net/rate_limiter.h"
#include "server/answer_service.h"
#include "server/reviewer_auth.h"

namespace evident {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  int port = 8080;  //!< 0: any free port (port() tells which after Bind)
  //! Answer engines, i.e. requests composed at once; 0: one per core.
  int engines = 0;
  //! Threads serving connections (an idle keep-alive connection holds one); 0: 4 per engine,
  //! at least 16. More are started while all are busy (slow clients), up to
  //! max_connection_threads (server/connection_pool.h).
  int connection_threads = 0;
  int max_connection_threads = 512;
  size_t max_body_bytes = 64 * 1024;
  int read_timeout_ms = 5000;
  int write_timeout_ms = 5000;
  int keep_alive_timeout_s = 5;
  int keep_alive_max_requests = 100;
  //! How long a request waits for a free answer engine before it is answered 503.
  int engine_wait_ms = 15000;
  //! Answers go through the LLM composer: the ask forms show its draft as it is written, from
  //! GET /api/ask/stream (PageRenderer's stream_drafts).
  bool stream_drafts = false;
  //! The longest an answer stream may go on drafting; a draft still arriving then is stopped
  //! and the stream ends with the extractive article. Measured on clock_s.
  int stream_limit_s = 300;
  //! Shown by /healthz and /metrics.
  std::string index_generation;
  int64_t documents = 0;
  int64_t passages = 0;
  //! Receives one JSON line per request (no newline); default: written to stderr.
  std::function<void(std::string_view)> access_log;
  //! Reviewer sign-in: sessions and back-off.
  AuthPolicy auth;
  //! Marks the session cookie Secure (sent over HTTPS only; browsers also send it to
  //! http://127.0.0.1 and localhost). Off only for plain HTTP to another host in development.
  bool secure_cookies = true;
  //! Unix seconds now; a seam for tests. Default: the system clock.
  std::function<int64_t()> clock_s;
  //! Questions per client address (POST /api/ask, the ask form, GET /api/ask/stream), counted
  //! once a request is well-formed: at most max_requests in any window. One person asks far
  //! fewer; many people behind one address (a proxy, a hospital's NAT) may need more, or 0 (no
  //! limit) with the limit kept by the proxy.
  RateLimit ask_rate_limit{60, std::chrono::minutes(1)};
  //! Sign-in attempts per client address (POST /login with a valid form token), right or wrong.
  RateLimit sign_in_rate_limit{10, std::chrono::minutes(1)};
  //! Client addresses whose rate-limit windows are kept, per limit (bounds memory).
  size_t rate_limit_clients = 10000;
  //! Monotonic time for rate limits; a seam for tests (must outlive the server). Default:
  //! Clock::System().
  Clock* clock = nullptr;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, AnswerServiceFactory services);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  //! Opens the listening socket; IOError if the address cannot be bound.
  Status Bind();
  //! Serves until Stop(); returns once requests in flight have finished.
  Status Serve();
  //! Stops accepting connections and makes Serve() return after in-flight requests finish.
  //! Safe from any thread, before or during Serve().
  void Stop();
  //! The bound port (after Bind).
  int port() const;
  //! Answers and searches come from `services` from now on: a new index generation, named
  //! `generation`, with `documents` and `passages` (shown by /healthz and /metrics). Requests in
  //! flight finish on the services they started with; nothing waits and nothing is refused.
  //! Safe from any thread, before or during Serve().
  void SwapIndex(AnswerServiceFactory services, std::string generation, int64_t documents,
                 int64_t passages);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace evident
