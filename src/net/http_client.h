// HttpClient: one HTTP request and its response, the seam through which live PubMed and the
// LLM composer reach their services. The real client (NewHttpClient) speaks http:// and https://
// (cpp-httplib over OpenSSL, certificates verified); tests point it at a loopback server.
// Errors are values: a request that got no HTTP response (refused, timed out, TLS failure) is
// Unavailable; any HTTP status, 4xx and 5xx included, is a response for the caller to judge.
// Error messages name the method and the URL without its query string, which may hold keys.
// Thread-safety: the real client keeps no state between requests and is thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace evident {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  //!< "GET" or "POST"
  std::string url;             //!< absolute: scheme://host[:port]/path[?query]
  HttpHeaders headers;
  std::string body;
  std::string content_type;  //!< of `body`
  //! How long to wait for the connection and then for each piece of the response.
  int timeout_ms = 30000;
  //! When set, the response body is handed over piece by piece as it arrives (server-sent
  //! events) instead of collected in HttpResponse::body; returning false stops the transfer.
  std::function<bool(std::string_view)> on_body;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  HttpHeaders headers;

  //! The first header called `name` (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

//! The real client.
std::shared_ptr<HttpClient> NewHttpClient();

//! "db=pubmed&term=lung%20cancer": each value percent-encoded, in the given order.
std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params);

//! `url` without its query string: what messages may show.
std::string_view UrlWithoutQuery(std::string_view url);

}  // namespace evident
