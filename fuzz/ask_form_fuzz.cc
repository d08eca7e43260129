// Fuzzes the ask form (POST /ask, application/x-www-form-urlencoded) the way the server reads it:
// cpp-httplib's form parser (the one behind httplib::Request::params), then what the server does
// with each value — NormaliseQuestion and Slugify on a question the server accepts, ParseAudience,
// IsValidConversationId, and UrlEncodeComponent for the redirect. Checks that a slug is a valid
// page address (1-200 of [a-z0-9-], as /q/{slug} accepts) and that percent-encoding decodes back
// to the value.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "answer/answer_composer.h"
#include "answer/article.h"
#include "answer/audience.h"
#include "fuzz/fuzz_sink.h"
#include "server/article_library.h"
#include "server/url.h"

namespace {

// What /q/{slug} accepts (server/http_server.cc, IsValidSlug), less the 7 bytes of the "-xxxxxx"
// suffix a slug taken by another question gets (server/article_library.cc).
constexpr size_t kMaxSlugChars = 200 - 7;

bool IsSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > kMaxSlugChars) return false;
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using evident::fuzz::Require;
  httplib::Params params;
  httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data), size), params);
  for (const auto& [name, value] : params) {
    if (name == "q" && !evident::NormaliseQuestion(value).empty() &&
        value.size() <= evident::kMaxQuestionBytes) {
      Require(IsSlug(evident::Slugify(value)), "a question's slug is not a valid page address");
    }
    evident::ParseAudience(value);
    evident::IsValidConversationId(value);
    std::string encoded = evident::UrlEncodeComponent(value);
    Require(httplib::detail::decode_url(encoded, false) == value,
            "percent-encoding does not decode back to the value");
  }
  return 0;
}
