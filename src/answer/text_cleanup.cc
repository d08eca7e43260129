#include "answer/text_cleanup.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

#include "common/ascii.h"

namespace evident {
namespace {

constexpr size_t kMaxMarkerBytes = 60;  //!< "[33,34,41,51-54]" and longer lists
constexpr size_t kMaxTagBytes = 200;
constexpr size_t kMaxLinkTargetBytes = 500;
constexpr std::string_view kEnDash = "\xE2\x80\x93";
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

using ascii::IsAlnum;
using ascii::IsAlpha;
using ascii::IsDigit;
using ascii::IsSpace;
bool IsTerminal(char c) { return c == '.' || c == '?' || c == '!'; }
// Punctuation that takes no space before it.
bool IsClosingPunctuation(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')';
}

// One number or range of a marker: "27", "5-8", "51–54".
struct MarkerItem {
  int first = 0;
  int last = 0;
};

// Parses the inside of a marker, "5,6", "33, 34, 51–54"; false if it is anything else.
bool ParseMarkerItems(std::string_view inside, std::vector<MarkerItem>* items) {
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < inside.size() && inside[i] == ' ') ++i;
  };
  auto number = [&](int* value) {
    skip_spaces();
    // Digits only: from_chars would take a sign too, and a reference number has none.
    if (i >= inside.size() || !IsDigit(inside[i])) return false;
    auto [end, ec] = std::from_chars(inside.data() + i, inside.data() + inside.size(), *value);
    if (ec != std::errc() || end == inside.data() + i) return false;
    i = end - inside.data();
    skip_spaces();
    return true;
  };
  for (;;) {
    MarkerItem item;
    if (!number(&item.first)) return false;
    item.last = item.first;
    if (i < inside.size() && (inside[i] == '-' || inside.substr(i, kEnDash.size()) == kEnDash)) {
      i += inside[i] == '-' ? 1 : kEnDash.size();
      if (!number(&item.last) || item.last < item.first) return false;
    }
    items->push_back(item);
    if (i == inside.size()) return true;
    if (inside[i] != ',') return false;
    ++i;
  }
}

// Length of the reference marker opening at `pos` ("[27]", "[5-8]"; "(27)" only glued to a
// sentence end, which `after_terminal` tells), or 0. `items` (may be null) receives its numbers.
size_t MarkerLength(std::string_view s, size_t pos, bool after_terminal,
                    std::vector<MarkerItem>* items) {
  char open = s[pos];
  char close = open == '[' ? ']' : open == '(' && after_terminal ? ')' : '\0';
  if (close == '\0') return 0;
  size_t end = s.find(close, pos + 1);
  if (end == std::string_view::npos || end - pos > kMaxMarkerBytes) return 0;
  std::vector<MarkerItem> parsed;
  if (!ParseMarkerItems(s.substr(pos + 1, end - pos - 1), &parsed)) return 0;
  if (items != nullptr) items->insert(items->end(), parsed.begin(), parsed.end());
  return end + 1 - pos;
}

// The inline HTML elements that occur in source text, and whether they break a line.
struct KnownTag {
  std::string_view name;
  bool block;
};
constexpr std::array<KnownTag, 36> kKnownTags = {{
    {"a", false},     {"abbr", false}, {"b", false},      {"big", false},  {"br", true},
    {"cite", false},  {"code", false}, {"dd", true},      {"del", false},  {"div", true},
    {"dl", true},     {"dt", true},    {"em", false},     {"font", false}, {"h1", true},
    {"h2", true},     {"h3", true},    {"h4", true},      {"h5", true},    {"h6", true},
    {"hr", true},     {"i", false},    {"img", false},    {"li", true},    {"p", true},
    {"small", false}, {"span", false}, {"strong", false}, {"sub", false},  {"sup", false},
    {"table", true},  {"td", true},    {"th", true},      {"tr", true},    {"u", false},
    {"ul", true},
}};

// Length of the HTML tag at `pos` ("<i>", "</sup>", "<br/>", "<span class=\"x\">"), or 0 when the
// '<' opens no tag of a known element. `name` receives the lower-cased element name.
size_t HtmlTagLength(std::string_view s, size_t pos, std::string* name, bool* closing) {
  size_t i = pos + 1;
  *closing = i < s.size() && s[i] == '/';
  if (*closing) ++i;
  size_t name_begin = i;
  while (i < s.size() && IsAlnum(s[i])) ++i;
  if (i == name_begin) return 0;
  name->assign(s.substr(name_begin, i - name_begin));
  for (char& c : *name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool known = std::any_of(kKnownTags.begin(), kKnownTags.end(),
                           [&](const KnownTag& t) { return t.name == *name; });
  if (!known || i >= s.size() || (s[i] != '>' && s[i] != ' ' && s[i] != '/')) return 0;
  size_t end = s.find('>', i);
  if (end == std::string_view::npos || end - pos > kMaxTagBytes ||
      s.substr(i, end - i).find('<') != std::string_view::npos) {
    return 0;
  }
  return end + 1 - pos;
}

bool IsBlockTag(const std::string& name) {
  return std::any_of(kKnownTags.begin(), kKnownTags.end(),
                     [&](const KnownTag& t) { return t.name == name && t.block; });
}

struct NamedReference {
  std::string_view name;
  std::string_view text;
};
// The character references seen in source text; ingest decodes the rest.
constexpr std::array<NamedReference, 18> kNamedReferences = {{
    {"amp", "&"},
    {"lt", "<"},
    {"gt", ">"},
    {"quot", "\""},
    {"apos", "'"},
    {"nbsp", " "},
    {"ndash", "\xE2\x80\x93"},
    {"mdash", "\xE2\x80\x94"},
    {"plusmn", "\xC2\xB1"},
    {"le", "\xE2\x89\xA4"},
    {"ge", "\xE2\x89\xA5"},
    {"times", "\xC3\x97"},
    {"deg", "\xC2\xB0"},
    {"micro", "\xC2\xB5"},
    {"reg", "\xC2\xAE"},
    {"trade", "\xE2\x84\xA2"},
    {"rsquo", "\xE2\x80\x99"},
    {"lsquo", "\xE2\x80\x98"},
}};

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
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

// Decodes the character reference at `pos` ("&amp;", "&#8211;", "&#x2013;") into `out` and
// returns its length, or returns 0.
size_t DecodeReference(std::string_view s, size_t pos, std::string* out) {
  size_t semicolon = s.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 10 || semicolon == pos + 1) return 0;
  std::string_view body = s.substr(pos + 1, semicolon - pos - 1);
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    std::string_view digits = body.substr(hex ? 2 : 1);
    uint32_t cp = 0;
    auto [end, ec] =
        std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return 0;
    AppendCodePoint(cp, out);
    return semicolon + 1 - pos;
  }
  for (const NamedReference& r : kNamedReferences) {
    if (r.name == body) {
      out->append(r.text);
      return semicolon + 1 - pos;
    }
  }
  return 0;
}

// A Markdown link "[text](target)" or image "![alt](target)" closing at `close_bracket` (the
// ']' before "("): finds its extent. Returns false if the brackets form no link.
bool FindLink(std::string_view s, size_t close_bracket, size_t* open_bracket, size_t* end) {
  int depth = 0;
  size_t open = std::string_view::npos;
  for (size_t i = close_bracket; i-- > 0;) {
    if (s[i] == ']') ++depth;
    if (s[i] == '[' && depth-- == 0) {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos) return false;
  size_t i = close_bracket + 2;
  int parens = 0;
  for (; i < s.size() && i - close_bracket <= kMaxLinkTargetBytes; ++i) {
    char c = s[i];
    if (c == '(') ++parens;
    if (c == ')' && parens-- == 0) break;
    if (c == '\n') return false;
  }
  if (i >= s.size() || s[i] != ')') return false;
  *open_bracket = open;
  *end = i + 1;
  return true;
}

// Markdown links become their text and images vanish, innermost first, so that a PDQ citation
// group "[[1](#cit/section_1.1)-[4](#cit/section_1.4)]" becomes the marker "[1-4]".
std::string StripMarkdownLinks(std::string_view s) {
  std::string text(s);
  for (size_t search = 0;;) {
    size_t mid = text.find("](", search);
    if (mid == std::string_view::npos) return text;
    size_t open, end;
    if (!FindLink(text, mid, &open, &end)) {
      search = mid + 2;
      continue;
    }
    bool image = open > 0 && text[open - 1] == '!';
    std::string label = image ? "" : text.substr(open + 1, mid - open - 1);
    size_t from = image ? open - 1 : open;
    text.replace(from, end - from, label);
    search = from;
  }
}

// Is the '*' at `pos` emphasis (touching a word on one side only) rather than text
// ("CYP2D6*4", "2 * 3")?
bool IsEmphasisStar(std::string_view s, size_t pos) {
  size_t before = pos, after = pos;
  while (before > 0 && s[before - 1] == '*') --before;
  while (after < s.size() && s[after] == '*') ++after;
  bool word_before = before > 0 && !IsSpace(s[before - 1]);
  bool word_after = after < s.size() && !IsSpace(s[after]);
  bool between_alnum =
      before > 0 && after < s.size() && IsAlnum(s[before - 1]) && IsAlnum(s[after]);
  return !between_alnum && (word_before || word_after);
}

class Cleaner {
 public:
  explicit Cleaner(std::string_view s) : s_(s) {}

  std::string Run() {
    size_t i = SkipHeadingMarker();
    while (i < s_.size()) i = Step(i);
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    return std::move(out_);
  }

 private:
  size_t SkipHeadingMarker() const {
    size_t i = 0;
    while (i < s_.size() && IsSpace(s_[i])) ++i;
    size_t hashes = i;
    while (hashes < s_.size() && s_[hashes] == '#') ++hashes;
    if (hashes > i && hashes - i <= 6 && hashes < s_.size() && s_[hashes] == ' ') return hashes;
    return 0;
  }

  size_t Step(size_t i) {
    char c = s_[i];
    if (c == '[' || c == '(') {
      bool after_terminal = c == '(' && !out_.empty() && IsTerminal(out_.back());
      if (size_t len = MarkerLength(s_, i, after_terminal, nullptr)) return RemoveMarker(i + len);
    }
    if (c == '<') {
      std::string name;
      bool closing;
      if (size_t len = HtmlTagLength(s_, i, &name, &closing)) {
        if (name == "sup" && !closing && !out_.empty() && IsDigit(out_.back())) {
          out_.push_back('^');
        } else if (IsBlockTag(name)) {
          AppendSpace();
        }
        return i + len;
      }
    }
    if (c == '&') {
      std::string decoded;
      if (size_t len = DecodeReference(s_, i, &decoded)) {
        for (char d : decoded) Append(d);
        return i + len;
      }
    }
    if (c == '`' || (c == '*' && IsEmphasisStar(s_, i))) return i + 1;
    if (IsSpace(c)) {
      AppendSpace();
      return i + 1;
    }
    if (s_.substr(i, kNoBreakSpace.size()) == kNoBreakSpace) {
      AppendSpace();
      return i + kNoBreakSpace.size();
    }
    Append(c);
    return i + 1;
  }

  void Append(char c) {
    if (c == ' ') {
      AppendSpace();
      return;
    }
    // A sentence end glued to the next word by a removed marker: "load.[27]In" -> "load. In".
    if (removed_just_now_ && !out_.empty() && IsTerminal(out_.back()) && !IsClosingPunctuation(c)) {
      out_.push_back(' ');
    }
    removed_just_now_ = false;
    out_.push_back(c);
  }

  void AppendSpace() {
    if (!out_.empty() && out_.back() != ' ') out_.push_back(' ');
  }

  // Drops the marker ending at `next` and returns where to go on: no space is left before
  // punctuation, and parentheses the marker alone filled go with it ("effect ([5])." ->
  // "effect.").
  size_t RemoveMarker(size_t next) {
    char following = next < s_.size() ? s_[next] : '\0';
    if (following == '\0' || IsClosingPunctuation(following)) {
      while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    }
    removed_just_now_ = true;
    if (following == ')' && !out_.empty() && out_.back() == '(') {
      out_.pop_back();
      while (!out_.empty() && out_.back() == ' ') out_.pop_back();
      return next + 1;
    }
    return next;
  }

  std::string_view s_;
  std::string out_;
  bool removed_just_now_ = false;  //!< a marker was dropped since the last character
};

}  // namespace

std::string CleanSentence(std::string_view sentence) {
  std::string unlinked = StripMarkdownLinks(sentence);
  return Cleaner(unlinked).Run();
}

std::vector<int> CitedNumbers(std::string_view sentence) {
  std::string s = StripMarkdownLinks(sentence);
  std::vector<MarkerItem> items;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '[' && s[i] != '(') continue;
    bool after_terminal = s[i] == '(' && i > 0 && IsTerminal(s[i - 1]);
    if (size_t len = MarkerLength(s, i, after_terminal, &items)) i += len - 1;
  }
  std::vector<int> numbers;
  auto add = [&](int n) {
    if (std::find(numbers.begin(), numbers.end(), n) == numbers.end()) numbers.push_back(n);
  };
  for (const MarkerItem& item : items) {
    if (item.last - item.first >= kMaxCitationRange) {
      add(item.first);
      add(item.last);
      continue;
    }
    // Counted from `first`, so that a range ending at INT_MAX does not overflow.
    for (int offset = 0; offset <= item.last - item.first; ++offset) add(item.first + offset);
  }
  return numbers;
}

}  // namespace evident
