#include "net/http_client.h"

#include <httplib.h>
#include <strings.h>

namespace evident {

namespace {

// "https://host:443/a/b?c" -> {"https://host:443", "/a/b?c"}.
std::pair<std::string, std::string> SplitOrigin(std::string_view url) {
  size_t scheme_end = url.find("://");
  size_t path_begin = scheme_end == std::string_view::npos ? 0 : url.find('/', scheme_end + 3);
  if (path_begin == std::string_view::npos) return {std::string(url), "/"};
  return {std::string(url.substr(0, path_begin)), std::string(url.substr(path_begin))};
}

class CppHttplibClient : public HttpClient {
 public:
  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::string what = request.method + " " + std::string(UrlWithoutQuery(request.url));
    if (request.url.rfind("http://", 0) != 0 && request.url.rfind("https://", 0) != 0) {
      return Status::InvalidArgument(what + ": not an http:// or https:// URL");
    }
    auto [origin, target] = SplitOrigin(request.url);
    httplib::Client client(origin);
    if (!client.is_valid()) return Status::InvalidArgument(what + ": unusable URL");
    auto timeout = std::chrono::milliseconds(request.timeout_ms);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);

    httplib::Request req;
    req.method = request.method;
    req.path = target;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!request.body.empty() || request.method == "POST") {
      req.body = request.body;
      if (!request.content_type.empty()) req.headers.emplace("Content-Type", request.content_type);
    }
    HttpResponse response;
    if (request.on_body) {
      req.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
        return request.on_body(std::string_view(data, size));
      };
    }
    httplib::Result result = client.send(req);
    if (!result) {
      return Status::Unavailable(what + ": " + httplib::to_string(result.error()));
    }
    response.status = result->status;
    if (!request.on_body) response.body = std::move(result->body);
    for (const auto& [name, value] : result->headers) response.headers.emplace_back(name, value);
    return response;
  }
};

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

std::shared_ptr<HttpClient> NewHttpClient() { return std::make_shared<CppHttplibClient>(); }

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += httplib::detail::encode_query_param(value);
  }
  return out;
}

std::string_view UrlWithoutQuery(std::string_view url) { return url.substr(0, url.find('?')); }

}  // namespace evident
