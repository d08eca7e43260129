// URL pieces for pages and redirects: percent-encoding of query values, and the check that a
// link taken from a source is a web address (never javascript: or data:).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace evident {

//! Percent-encodes everything but unreserved characters (RFC 3986 §2.3): for a query value.
std::string UrlEncodeComponent(std::string_view text);

//! `url` if it is an absolute http(s) URL without spaces or control characters, else "".
std::string SafeExternalUrl(std::string_view url);

}  // namespace evident
