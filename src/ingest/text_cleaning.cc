#include "ingest/text_cleaning.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace evident {
namespace {

constexpr char32_t kReplacementChar = 0xFFFD;
constexpr size_t kMaxTagBytes = 1024;
constexpr size_t kMaxEntityBytes = 12;  // "&#x0010FFFF;"

struct NamedEntity {
  std::string_view name;
  char32_t cp;
};

// The named references that occur in PubMed, PDQ and NGC text, plus the common Latin-1 letters.
constexpr NamedEntity kNamedEntities[] = {
    {"AElig", 0xC6},    {"Aacute", 0xC1},  {"Agrave", 0xC0},  {"Alpha", 0x391},  {"Auml", 0xC4},
    {"Beta", 0x392},    {"Ccedil", 0xC7},  {"Delta", 0x394},  {"Eacute", 0xC9},  {"Gamma", 0x393},
    {"Lambda", 0x39B},  {"Ntilde", 0xD1},  {"Omega", 0x3A9},  {"Ouml", 0xD6},    {"Prime", 0x2033},
    {"Sigma", 0x3A3},   {"Uuml", 0xDC},    {"aacute", 0xE1},  {"acirc", 0xE2},   {"aelig", 0xE6},
    {"agrave", 0xE0},   {"alpha", 0x3B1},  {"amp", '&'},      {"apos", '\''},    {"aring", 0xE5},
    {"asymp", 0x2248},  {"atilde", 0xE3},  {"auml", 0xE4},    {"bdquo", 0x201E}, {"beta", 0x3B2},
    {"bull", 0x2022},   {"ccedil", 0xE7},  {"cent", 0xA2},    {"chi", 0x3C7},    {"copy", 0xA9},
    {"darr", 0x2193},   {"deg", 0xB0},     {"delta", 0x3B4},  {"divide", 0xF7},  {"eacute", 0xE9},
    {"ecirc", 0xEA},    {"egrave", 0xE8},  {"emsp", 0x2003},  {"ensp", 0x2002},  {"epsilon", 0x3B5},
    {"eta", 0x3B7},     {"euml", 0xEB},    {"euro", 0x20AC},  {"frac12", 0xBD},  {"frac14", 0xBC},
    {"frac34", 0xBE},   {"gamma", 0x3B3},  {"ge", 0x2265},    {"gt", '>'},       {"harr", 0x2194},
    {"hellip", 0x2026}, {"iacute", 0xED},  {"icirc", 0xEE},   {"iexcl", 0xA1},   {"infin", 0x221E},
    {"iquest", 0xBF},   {"iuml", 0xEF},    {"kappa", 0x3BA},  {"lambda", 0x3BB}, {"laquo", 0xAB},
    {"larr", 0x2190},   {"ldquo", 0x201C}, {"le", 0x2264},    {"lsquo", 0x2018}, {"lt", '<'},
    {"mdash", 0x2014},  {"micro", 0xB5},   {"middot", 0xB7},  {"minus", 0x2212}, {"mu", 0x3BC},
    {"nbsp", 0xA0},     {"ndash", 0x2013}, {"ne", 0x2260},    {"ntilde", 0xF1},  {"oacute", 0xF3},
    {"ocirc", 0xF4},    {"omega", 0x3C9},  {"ouml", 0xF6},    {"para", 0xB6},    {"phi", 0x3C6},
    {"pi", 0x3C0},      {"plusmn", 0xB1},  {"pound", 0xA3},   {"prime", 0x2032}, {"quot", '"'},
    {"raquo", 0xBB},    {"rarr", 0x2192},  {"rdquo", 0x201D}, {"reg", 0xAE},     {"rsquo", 0x2019},
    {"sbquo", 0x201A},  {"sect", 0xA7},    {"shy", 0xAD},     {"sigma", 0x3C3},  {"sup1", 0xB9},
    {"sup2", 0xB2},     {"sup3", 0xB3},    {"szlig", 0xDF},   {"tau", 0x3C4},
};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the valid UTF-8 sequence at `pos`, or 0 if the bytes there are not one.
size_t ValidSequenceLength(std::string_view s, size_t pos) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[pos + i]); };
  unsigned char lead = b(0);
  if (lead < 0x80) return 1;
  size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (len == 0 || lead > 0xF4 || pos + len > s.size()) return 0;
  for (size_t i = 1; i < len; ++i) {
    if ((b(i) & 0xC0) != 0x80) return 0;
  }
  if (lead == 0xE0 && b(1) < 0xA0) return 0;   // overlong
  if (lead == 0xED && b(1) >= 0xA0) return 0;  // surrogate
  if (lead == 0xF0 && b(1) < 0x90) return 0;   // overlong
  if (lead == 0xF4 && b(1) >= 0x90) return 0;  // > U+10FFFF
  return len;
}

// Length of the whitespace character at `pos` (ASCII space or control, U+00A0), else 0.
size_t WhitespaceLength(std::string_view s, size_t pos) {
  auto c = static_cast<unsigned char>(s[pos]);
  if (c <= 0x20 || c == 0x7F) return 1;
  if (c == 0xC2 && pos + 1 < s.size() && static_cast<unsigned char>(s[pos + 1]) == 0xA0) return 2;
  return 0;
}

size_t DecodeNumericEntity(std::string_view text, size_t pos, std::string* out) {
  size_t i = pos + 2;  // after "&#"
  bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
  if (hex) ++i;
  size_t digits_start = i;
  uint32_t value = 0;
  for (; i < text.size() && i - pos < kMaxEntityBytes; ++i) {
    char c = text[i];
    int digit = IsAsciiDigit(c)               ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
    if (digit < 0) break;
    value = std::min<uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
  }
  if (i == digits_start || i >= text.size() || text[i] != ';') return 0;
  AppendUtf8(value == 0 ? kReplacementChar : value, out);
  return i + 1 - pos;
}

size_t SkipAttributeValue(std::string_view text, size_t i) {
  if (i >= text.size()) return std::string_view::npos;
  if (text[i] == '"' || text[i] == '\'') {
    size_t close = text.find(text[i], i + 1);
    return close == std::string_view::npos ? close : close + 1;
  }
  size_t start = i;
  while (i < text.size() && !IsAsciiSpace(text[i]) && text[i] != '>' && text[i] != '<' &&
         text[i] != '"' && text[i] != '\'' && text[i] != '=') {
    ++i;
  }
  return i == start ? std::string_view::npos : i;
}

size_t CommentLength(std::string_view text, size_t pos) {
  size_t close = text.find("-->", pos + 4);
  return close == std::string_view::npos ? 0 : close + 3 - pos;
}

bool IsNameChar(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == ':'; }

}  // namespace

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = ValidSequenceLength(text, i);
    if (len == 0) {  // one U+FFFD for the bad byte and the continuation bytes after it
      AppendUtf8(kReplacementChar, &out);
      size_t end = std::min(text.size(), i + 4);
      for (++i; i < end && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;) ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    if (size_t ws = WhitespaceLength(text, i); ws > 0) {
      pending_space = !out.empty();
      i += ws;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(text[i++]);
  }
  return out;
}

std::string CleanText(std::string_view text) { return CollapseWhitespace(ToValidUtf8(text)); }

size_t DecodeEntityAt(std::string_view text, size_t pos, std::string* out) {
  if (pos + 2 >= text.size() || text[pos] != '&') return 0;
  if (text[pos + 1] == '#') return DecodeNumericEntity(text, pos, out);
  size_t end = pos + 1;
  if (!IsAsciiAlpha(text[end])) return 0;
  while (end < text.size() && end - pos < kMaxEntityBytes &&
         (IsAsciiAlpha(text[end]) || IsAsciiDigit(text[end]))) {
    ++end;
  }
  if (end >= text.size() || text[end] != ';') return 0;
  std::string_view name = text.substr(pos + 1, end - pos - 1);
  for (const auto& entity : kNamedEntities) {
    if (entity.name == name) {
      AppendUtf8(entity.cp, out);
      return end + 1 - pos;
    }
  }
  return 0;
}

std::string DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = text[i] == '&' ? DecodeEntityAt(text, i, &out) : 0;
    if (len == 0) out.push_back(text[i++]);
    i += len;
  }
  return out;
}

size_t HtmlTagLength(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '<') return 0;
  std::string_view rest = text.substr(pos, kMaxTagBytes);
  if (rest.starts_with("<!--")) return CommentLength(rest, 0);
  size_t i = 1;
  if (i < rest.size() && rest[i] == '/') ++i;
  if (i >= rest.size() || !IsAsciiAlpha(rest[i])) return 0;
  while (i < rest.size() && IsNameChar(rest[i])) ++i;
  while (i < rest.size()) {
    size_t before_space = i;
    while (i < rest.size() && IsAsciiSpace(rest[i])) ++i;
    if (i >= rest.size()) return 0;
    if (rest[i] == '>') return i + 1;
    if (rest[i] == '/' && i + 1 < rest.size() && rest[i + 1] == '>') return i + 2;
    if (i == before_space || !(IsAsciiAlpha(rest[i]) || rest[i] == '_')) return 0;
    while (i < rest.size() && (IsNameChar(rest[i]) || rest[i] == '_' || rest[i] == '.')) ++i;
    while (i < rest.size() && IsAsciiSpace(rest[i])) ++i;
    if (i >= rest.size() || rest[i] != '=') return 0;  // attributes need values
    ++i;
    while (i < rest.size() && IsAsciiSpace(rest[i])) ++i;
    i = SkipAttributeValue(rest, i);
    if (i == std::string_view::npos) return 0;
  }
  return 0;
}

std::string HtmlTagName(std::string_view tag) {
  std::string name;
  size_t i = tag.starts_with("</") ? 2 : 1;
  if (tag.starts_with("<!")) return name;
  for (; i < tag.size() && IsNameChar(tag[i]); ++i) {
    char c = tag[i];
    name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return name;
}

bool IsBlockTag(const std::string& name) {
  static constexpr std::string_view kBlockTags[] = {
      "abstracttext", "address", "article", "aside",      "blockquote", "br",     "caption", "dd",
      "div",          "dl",      "dt",      "figcaption", "figure",     "footer", "h1",      "h2",
      "h3",           "h4",      "h5",      "h6",         "header",     "hr",     "li",      "main",
      "nav",          "ol",      "p",       "pre",        "section",    "table",  "tbody",   "td",
      "tfoot",        "th",      "thead",   "tr",         "ul"};
  return std::find(std::begin(kBlockTags), std::end(kBlockTags), name) != std::end(kBlockTags);
}

std::string StripHtmlMarkup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '<') {
      if (size_t len = HtmlTagLength(text, i); len > 0) {
        if (IsBlockTag(HtmlTagName(text.substr(i, len)))) out.push_back('\n');
        i += len;
        continue;
      }
    } else if (text[i] == '&') {
      if (size_t len = DecodeEntityAt(text, i, &out); len > 0) {
        i += len;
        continue;
      }
    }
    out.push_back(text[i++]);
  }
  return out;
}

std::vector<std::string> MarkupToParagraphs(std::string_view text) {
  std::vector<std::string> paragraphs;
  std::string stripped = StripHtmlMarkup(text);
  std::string_view rest = stripped;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string paragraph = CleanText(rest.substr(0, nl));
    if (!paragraph.empty()) paragraphs.push_back(std::move(paragraph));
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return paragraphs;
}

std::string JoinCells(const std::vector<std::string>& cells) {
  std::string out;
  for (const auto& cell : cells) {
    std::string text = CleanText(cell);
    if (text.empty()) continue;
    if (!out.empty()) {
      bool punctuated = std::string_view(".:;,!?").find(out.back()) != std::string_view::npos;
      out += punctuated ? " " : "; ";
    }
    out += text;
  }
  return out;
}

}  // namespace evident
