// ASCII character classes and case folding for bytes of UTF-8 text: what <cctype> answers in the
// "C" locale, without its int/EOF interface, so a byte >= 0x80 (part of a multi-byte character)
// is never a letter, digit or space and is left as it is by ToLower and Lower.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace evident::ascii {

constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
//! Space, \t, \n, \v, \f and \r (std::isspace in the "C" locale).
constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

//! Space, \t, \n and \r: IsSpace without \v and \f.
constexpr bool IsBlankOrLineBreak(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

//! `s` with A-Z folded to a-z.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

//! `s` without leading and trailing IsSpace bytes.
constexpr std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace evident::ascii
