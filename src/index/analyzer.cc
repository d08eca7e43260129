#include "index/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace evident {

namespace {

constexpr size_t kMaxTokenBytes = 64;
// Bounds Analyzer's memo of stems (a few MiB); the words that recur in text are far fewer.
constexpr size_t kMaxCachedStems = 1 << 16;

// A standard English stop list (function words only; no medical words such as "patient" or
// "treatment", which carry meaning in questions).
constexpr std::array<std::string_view, 127> kStopWords = {
    "a",      "about",  "above", "after",  "again",    "against",    "all",  "am",
    "an",     "and",    "any",   "are",    "as",       "at",         "be",   "because",
    "been",   "before", "being", "below",  "between",  "both",       "but",  "by",
    "can",    "could",  "did",   "do",     "does",     "doing",      "down", "during",
    "each",   "few",    "for",   "from",   "further",  "had",        "has",  "have",
    "having", "he",     "her",   "here",   "hers",     "herself",    "him",  "himself",
    "his",    "how",    "i",     "if",     "in",       "into",       "is",   "it",
    "its",    "itself", "just",  "me",     "more",     "most",       "my",   "myself",
    "no",     "nor",    "not",   "now",    "of",       "off",        "on",   "once",
    "only",   "or",     "other", "our",    "ours",     "ourselves",  "out",  "over",
    "own",    "same",   "she",   "should", "so",       "some",       "such", "than",
    "that",   "the",    "their", "theirs", "them",     "themselves", "then", "there",
    "these",  "they",   "this",  "those",  "through",  "to",         "too",  "under",
    "until",  "up",     "very",  "was",    "we",       "were",       "what", "when",
    "where",  "which",  "while", "who",    "whom",     "why",        "will", "with",
    "would",  "you",    "your",  "yours",  "yourself", "yourselves", "also",
};

bool IsAsciiAlpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
// Bytes of multi-byte UTF-8 sequences count as word characters (Greek letters, accents), except
// a few punctuation code points handled by IsUnicodeSeparator.
bool IsWordByte(unsigned char c) { return IsAsciiAlpha(c) || IsDigit(c) || c >= 0x80; }

// Length of a UTF-8 punctuation/space sequence at s that separates words (en/em dash, curly
// quotes, non-breaking space, bullets, ±, ≥, ≤, ×), else 0.
size_t UnicodeSeparatorLength(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c == 0xC2 && i + 1 < s.size()) {
    auto d = static_cast<unsigned char>(s[i + 1]);
    if (d == 0xA0 || d == 0xB1 || d == 0xB7 || d == 0xAB || d == 0xBB || d == 0xAE || d == 0xA9 ||
        d == 0xB0) {
      return 2;
    }
  }
  if (c == 0xC3 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x97) return 2;
  if (c == 0xE2 && i + 2 < s.size()) {
    auto d = static_cast<unsigned char>(s[i + 1]);
    if (d == 0x80 || d == 0x81 || d == 0x88 || d == 0x89 || d == 0x86 || d == 0x96) return 3;
  }
  return 0;
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return IsDigit(c); });
}
bool HasAlpha(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return IsAsciiAlpha(c); });
}
bool IsAllAlpha(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsAsciiAlpha(c); });
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Where an alphanumeric token like "177lu" or "brca1" changes between a digit run and a letter
// run exactly once, returns that position; else 0 ("hba1c" has three changes: kept whole only).
size_t SingleDigitLetterBoundary(std::string_view s) {
  size_t boundary = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    bool prev_digit = IsDigit(s[i - 1]), digit = IsDigit(s[i]);
    if (prev_digit != digit) {
      if (boundary != 0) return 0;
      boundary = i;
    }
  }
  return boundary;
}

}  // namespace

Analyzer::Analyzer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {}

Analyzer::~Analyzer() { sb_stemmer_delete(stemmer_); }

bool Analyzer::IsStopWord(std::string_view lower_word) {
  static const auto kSorted = [] {
    auto words = kStopWords;
    std::sort(words.begin(), words.end());
    return words;
  }();
  return std::binary_search(kSorted.begin(), kSorted.end(), lower_word);
}

std::string Analyzer::Stem(std::string_view lower_word) {
  if (auto it = stems_.find(lower_word); it != stems_.end()) return it->second;
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(lower_word.data()),
                      static_cast<int>(lower_word.size()));
  std::string stem = stemmed == nullptr ? std::string(lower_word)
                                        : std::string(reinterpret_cast<const char*>(stemmed),
                                                      sb_stemmer_length(stemmer_));
  if (stems_.size() >= kMaxCachedStems) stems_.clear();
  stems_.emplace(lower_word, stem);
  return stem;
}

std::string Analyzer::NormalizeWord(std::string_view word) {
  std::string lower = ToLowerAscii(word);
  if (IsStopWord(lower)) return "";
  if (!IsAllAlpha(lower)) return lower;
  return Stem(lower);
}

void Analyzer::EmitChunk(std::string_view chunk, std::vector<Token>* out) {
  if (chunk.empty() || chunk.size() > kMaxTokenBytes) return;
  std::string lower = ToLowerAscii(chunk);
  bool compound = lower.find_first_of("-.") != std::string::npos;
  if (!compound) {
    if (IsStopWord(lower)) return;
    if (lower.size() == 1 && !IsDigit(lower[0])) return;  // stray single letters
    if (IsAllAlpha(lower)) {
      out->push_back({Stem(lower), false});
      return;
    }
    out->push_back({lower, false});
    // "177lu" -> "177", "lu"; "brca1" -> "brca", "1".
    if (HasDigit(lower) && HasAlpha(lower)) {
      size_t b = SingleDigitLetterBoundary(lower);
      if (b != 0) {
        for (std::string_view part :
             {std::string_view(lower).substr(0, b), std::string_view(lower).substr(b)}) {
          std::string p(part);
          if (p.size() == 1 && !IsDigit(p[0])) continue;
          out->push_back({IsAllAlpha(p) ? Stem(p) : p, true});
        }
      }
    }
    return;
  }
  out->push_back({lower, false});
  // Parts of a hyphenated compound: "covid-19" -> "covid", "19". A decimal ("2.5") has none.
  std::string_view view(lower);
  size_t start = 0;
  while (view.find('-') != std::string_view::npos && start <= view.size()) {
    size_t end = std::min(view.find('-', start), view.size());
    std::vector<Token> sub;
    EmitChunk(view.substr(start, end - start), &sub);
    for (auto& t : sub) {
      t.is_part = true;
      out->push_back(std::move(t));
    }
    start = end + 1;
  }
}

void Analyzer::Analyze(std::string_view text, std::vector<Token>* out) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!IsWordByte(c) || UnicodeSeparatorLength(text, i) > 0) {
      size_t sep = UnicodeSeparatorLength(text, i);
      i += sep > 0 ? sep : 1;
      continue;
    }
    size_t start = i;
    // A chunk: word characters joined by single '-' or '.' that sit between word characters
    // ("177Lu-DOTATATE", "2.5", "IL-6"); a trailing '-' or '.' ends the chunk.
    while (i < n) {
      auto d = static_cast<unsigned char>(text[i]);
      if (IsWordByte(d) && UnicodeSeparatorLength(text, i) == 0) {
        ++i;
        continue;
      }
      if ((d == '-' || d == '.') && i + 1 < n && i > start &&
          IsWordByte(static_cast<unsigned char>(text[i + 1])) &&
          UnicodeSeparatorLength(text, i + 1) == 0) {
        // '.' joins only digits ("2.5"), or letters in dotted abbreviations are split.
        if (d == '.' && !(IsDigit(text[i - 1]) && IsDigit(text[i + 1]))) break;
        ++i;
        continue;
      }
      break;
    }
    std::string_view chunk = text.substr(start, i - start);
    // Possessive: "Crohn's" -> "Crohn" (the apostrophe ends the chunk; skip the "s").
    if (i + 1 < n && text[i] == '\'' && (text[i + 1] == 's' || text[i + 1] == 'S') &&
        (i + 2 >= n || !IsWordByte(static_cast<unsigned char>(text[i + 2])))) {
      i += 2;
    }
    EmitChunk(chunk, out);
  }
}

std::vector<Token> Analyzer::Analyze(std::string_view text) {
  std::vector<Token> out;
  Analyze(text, &out);
  return out;
}

}  // namespace evident
