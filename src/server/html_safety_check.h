// ActiveContentIn: what in a page could run script or restyle it if the page's escaping had
// failed — inline <script> (a script without src), <style>, an event handler or style attribute
// on any tag, a javascript:, vbscript: or data: URL in a link or source attribute, or an
// unescaped <script or <img from source text. Tags are read with their quoted attribute values
// set aside, so escaped text that merely reads like markup (`title="... onerror=..."`, or
// `&lt;img src=x onerror=...&gt;` in a paragraph) is not taken for it. Test support only
// (server tests); not part of the library.
#pragma once

#include <regex>
#include <string>

namespace evident::testing {

//! Empty when `html` holds none of the above; otherwise what was found first, with its context.
inline std::string ActiveContentIn(const std::string& html) {
  static const std::regex tag(R"(<[A-Za-z][^>]*>)");
  static const std::regex quoted(R"re("[^"]*"|'[^']*')re");
  static const std::regex handler(R"(\son[a-z]+\s*=|\sstyle\s*=)", std::regex::icase);
  static const std::regex inline_script(R"(^<script(?![^>]*\ssrc=))", std::regex::icase);
  static const std::regex style_tag(R"(^<style\b)", std::regex::icase);
  static const std::regex bad_url(
      R"re(\s(href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript|vbscript|data):)re",
      std::regex::icase);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator();
       ++it) {
    std::string t = it->str();
    if (std::regex_search(t, inline_script)) return "inline script: " + t;
    if (std::regex_search(t, style_tag)) return "style element: " + t;
    if (std::regex_search(t, bad_url)) return "script URL: " + t;
    if (std::regex_search(std::regex_replace(t, quoted, "\"\""), handler)) {
      return "event handler or style attribute: " + t;
    }
  }
  for (const char* raw : {"<script>alert", "<img src=x"}) {
    size_t at = html.find(raw);
    if (at != std::string::npos) return "unescaped source text: " + html.substr(at, 60);
  }
  return "";
}

}  // namespace evident::testing
