// HttpServer: `evident serve` — the web app (server-rendered pages) and the JSON API over HTTP.
//
// Routes (docs/api.md, and the OpenAPI document at /api/openapi.json):
//   GET  /                      home: question box, examples, recent articles
//   GET  /ask?q=  POST /ask     ask from a form; 303 to the article page
//   GET  /q/{slug}?audience=    an answer article (the audience is remembered in a cookie)
//   GET  /search?q=             search results
//   GET  /editorial-policy      how articles are made and reviewed
//   GET  /static/{file}         CSS, JavaScript, images (ETag, Cache-Control)
//   POST /api/ask               {question, audience, conversation_id} -> article JSON
//   GET  /api/articles/{slug}?audience=
//   GET  /api/search?q=&k=
//   GET  /api/openapi.json  GET /healthz  GET /metrics
//
// Serving: connections are handled by a pool of threads; each request that needs the engine
// borrows an AnswerService from a pool sized to the machine's cores (they are not thread-safe;
// all share one IndexReader). Request bodies, URIs and headers are size-limited; reads and
// writes time out; a request that waits too long for an engine gets 503. Responses are
// compressed (gzip, or brotli when asked) and carry security headers (a Content-Security-Policy
// without inline script or style, nosniff, no referrer, no framing). One JSON line per request
// goes to the access log, without query strings, cookies or bodies. Stop() is graceful: the
// listening socket closes and requests in flight finish.
//
// Thread-safety: Stop() may be called from any thread; everything else from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "server/answer_service.h"

namespace evident {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  int port = 8080;  //!< 0: any free port (port() tells which after Bind)
  //! Answer engines, i.e. requests composed at once; 0: one per core.
  int engines = 0;
  //! Threads serving connections (an idle keep-alive connection holds one); 0: 4 per engine,
  //! at least 16.
  int connection_threads = 0;
  size_t max_body_bytes = 64 * 1024;
  int read_timeout_ms = 5000;
  int write_timeout_ms = 5000;
  int keep_alive_timeout_s = 5;
  int keep_alive_max_requests = 100;
  //! How long a request waits for a free answer engine before it is answered 503.
  int engine_wait_ms = 15000;
  //! Shown by /healthz and /metrics.
  std::string index_generation;
  int64_t documents = 0;
  int64_t passages = 0;
  //! Receives one JSON line per request (no newline); default: written to stderr.
  std::function<void(std::string_view)> access_log;
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

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace evident
