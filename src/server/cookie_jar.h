// CookieJar: what a browser keeps between requests to the editorial pages — the cookies the
// server sets, sent back on the next request — and the CSRF token of a page's forms. Test
// support only (server and integration tests); not part of the library.
#pragma once

#include <httplib.h>

#include <map>
#include <regex>
#include <string>

namespace evident::testing {

//! The password of the reviewer accounts the tests create.
inline constexpr const char* kReviewerPassword = "correct horse battery staple";

class CookieJar {
 public:
  //! Keeps the cookies `r` sets; a Max-Age=0 cookie is removed.
  void Take(const httplib::Result& r) {
    if (!r) return;
    for (size_t i = 0; i < r->get_header_value_count("Set-Cookie"); ++i) {
      std::string c = r->get_header_value("Set-Cookie", i);
      std::string pair = c.substr(0, c.find(';'));
      std::string name = pair.substr(0, pair.find('='));
      if (c.find("Max-Age=0;") != std::string::npos) {
        cookies_.erase(name);
      } else {
        cookies_[name] = pair.substr(pair.find('=') + 1);
      }
      set_cookie_[name] = c;
    }
  }
  //! The Cookie header for the next request.
  httplib::Headers Headers() const {
    std::string header;
    for (const auto& [name, value] : cookies_) header += name + "=" + value + "; ";
    return {{"Cookie", header}};
  }
  bool Has(const std::string& name) const { return cookies_.count(name) > 0; }
  //! The Set-Cookie header last received for `name`.
  std::string SetCookie(const std::string& name) const {
    auto it = set_cookie_.find(name);
    return it == set_cookie_.end() ? "" : it->second;
  }

  //! GET and POST (a form) through `client`, keeping cookies.
  httplib::Result Get(httplib::Client& client, const std::string& path) {
    auto r = client.Get(path.c_str(), Headers());
    Take(r);
    return r;
  }
  httplib::Result Post(httplib::Client& client, const std::string& path,
                       const httplib::Params& form) {
    auto r = client.Post(path.c_str(), Headers(), form);
    Take(r);
    return r;
  }

 private:
  std::map<std::string, std::string> cookies_;
  std::map<std::string, std::string> set_cookie_;
};

//! The CSRF token in a page's first form; empty if it has none.
inline std::string CsrfOf(const std::string& html) {
  static const std::regex csrf(R"re(name="csrf" value="([0-9a-f]{64})")re");
  std::smatch m;
  return std::regex_search(html, m, csrf) ? m[1].str() : "";
}

}  // namespace evident::testing
