#include "answer/abbreviation_definitions.h"

#include <algorithm>
#include <cctype>

namespace evident {

namespace {

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
char ToLower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The shortest end of `before` in which the characters of `abbr` occur in order (Schwartz &
// Hearst's matching, right to left); empty when there is none.
std::string LongFormFor(const std::string& abbr, const std::string& before) {
  long s = static_cast<long>(abbr.size()) - 1;
  long l = static_cast<long>(before.size()) - 1;
  while (s >= 0) {
    char c = ToLower(abbr[static_cast<size_t>(s)]);
    if (!IsAlnum(c)) {
      --s;
      continue;
    }
    // The first character of the short form must start a word of the long form.
    while ((l >= 0 && ToLower(before[static_cast<size_t>(l)]) != c) ||
           (s == 0 && l > 0 && IsAlnum(before[static_cast<size_t>(l - 1)]))) {
      --l;
    }
    if (l < 0) return "";
    --l;
    --s;
  }
  size_t start = before.rfind(' ', static_cast<size_t>(l + 1));
  start = start == std::string::npos ? 0 : start + 1;
  return before.substr(start);
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

size_t CountIf(const std::string& s, int (*pred)(int)) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [&](char c) { return pred(static_cast<unsigned char>(c)); }));
}

}  // namespace

std::vector<AbbreviationDefinition> FindAbbreviationDefinitions(const std::string& text) {
  std::vector<AbbreviationDefinition> out;
  size_t open = 0;
  while ((open = text.find('(', open)) != std::string::npos) {
    size_t close = text.find(')', open + 1);
    if (close == std::string::npos) break;
    const std::string inside = text.substr(open + 1, close - open - 1);
    const bool one_token = !inside.empty() && inside.size() <= 10 && IsAlnum(inside.front()) &&
                           std::all_of(inside.begin(), inside.end(),
                                       [](char c) { return IsAlnum(c) || c == '-' || c == '/'; });
    if (one_token && CountIf(inside, std::isalpha) >= 2) {
      // "long form (SF)"
      std::vector<std::string> words = Words(text.substr(0, open));
      size_t take = std::min(words.size(), std::min(inside.size() + 5, 2 * inside.size()));
      std::vector<std::string> before(words.end() - static_cast<long>(take), words.end());
      std::vector<std::string> long_words = Words(LongFormFor(inside, JoinWords(before)));
      if (!long_words.empty() && (long_words.front() == "the" || long_words.front() == "The")) {
        long_words.erase(long_words.begin());
      }
      if (long_words.size() >= 2 && long_words.size() <= inside.size() + 5) {
        out.push_back({JoinWords(long_words), inside});
      }
    } else if (!one_token) {
      // "SF (long form)"
      size_t end = open;
      while (end > 0 && text[end - 1] == ' ') --end;
      size_t start = end;
      while (start > 0 && !std::isspace(static_cast<unsigned char>(text[start - 1]))) --start;
      const std::string word = text.substr(start, end - start);
      const std::vector<std::string> long_words = Words(inside);
      const bool short_form = word.size() >= 2 && word.size() <= 10 &&
                              CountIf(word, std::isupper) >= 2 &&
                              std::all_of(word.begin(), word.end(), IsAlnum);
      if (short_form && long_words.size() >= 2 && long_words.size() <= word.size() + 5 &&
          LongFormFor(word, inside) == inside) {
        out.push_back({inside, word});
      }
    }
    open = close + 1;
  }
  return out;
}

}  // namespace evident
