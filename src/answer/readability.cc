#include "answer/readability.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace evident {
namespace {

constexpr size_t kNpos = std::string_view::npos;
//! A parenthesis longer than this is an aside, not a gloss.
constexpr size_t kMaxGlossBytes = 120;
constexpr int kMaxInlineGlossWords = 12;
//! An acronym this short, or without a vowel, is read letter by letter ("NCI", "PRRT").
constexpr size_t kMaxSpelledAcronym = 3;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsUpper(c) || IsLower(c); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ToLower);
  return out;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < s.size();) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > b) words.push_back(s.substr(b, i - b));
  }
  return words;
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Syllables of a run of lower-case letters.
int CountLetterSyllables(std::string_view w) {
  if (w.empty()) return 0;
  int count = 0;
  for (size_t i = 0; i < w.size();) {
    bool vowel = IsVowel(w[i]) && !(w[i] == 'y' && i == 0);  // "year": y is a consonant
    if (!vowel) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < w.size() && IsVowel(w[end])) ++end;
    ++count;
    // Vowel pairs read as two syllables: ra-di-a-tion, bi-ol-o-gy, vi-de-o, grad-u-al, cal-ci-um.
    char before = i > 0 ? w[i - 1] : ' ';
    std::string_view run = w.substr(i, end - i);
    bool soft_before = before == 'c' || before == 't' || before == 's' || before == 'g' ||
                       before == 'x';  // -cial, -tion, -sion, -gion: one syllable
    if ((run == "ia" || run == "io") && !soft_before) ++count;
    if (run == "iu" || run == "ii" || run == "uo") ++count;
    if (run == "eo" && before != 'p') ++count;  // vid-e-o, but peo-ple
    if (run == "ua" && before != 'q' && before != 'g') ++count;
    if (run == "ea" && end == w.size() && w.size() > 3) ++count;  // ar-e-a, ap-ne-a
    i = end;
  }
  size_t n = w.size();
  auto consonant_at = [&](size_t i) { return i < n && !IsVowel(w[i]); };
  if (n > 2 && w[n - 1] == 'e' && consonant_at(n - 2) &&
      !(w[n - 2] == 'l' && consonant_at(n - 3))) {
    --count;  // silent final e: dis-ease, ef-fec-tive (but ta-ble)
  } else if (n > 3 && w.substr(n - 2) == "ed" && w[n - 3] != 't' && w[n - 3] != 'd' &&
             consonant_at(n - 3)) {
    --count;  // based, increased (but treat-ed)
  } else if (n > 3 && w.substr(n - 2) == "es" && consonant_at(n - 3) &&
             std::string_view("sxzcg").find(w[n - 3]) == kNpos &&
             !(n > 4 && w[n - 3] == 'h' && (w[n - 4] == 'c' || w[n - 4] == 's'))) {
    --count;  // lym-pho-cytes (but ca-ses, bran-ches)
  }
  if (n > 3 && w.substr(n - 3) == "ism") ++count;  // mech-a-nis-m
  return std::max(count, 1);
}

}  // namespace

int CountSyllables(std::string_view word) {
  int total = 0;
  for (size_t i = 0; i < word.size();) {
    // Letters of one part; hyphens, slashes, digits and marks separate parts.
    size_t b = i;
    while (i < word.size() && IsAlpha(word[i])) ++i;
    std::string_view part = word.substr(b, i - b);
    if (part.empty()) {
      ++i;
      continue;
    }
    bool capitals = part.size() >= 2 && std::all_of(part.begin(), part.end(), IsUpper);
    bool has_vowel = std::any_of(part.begin(), part.end(),
                                 [](char c) { return IsVowel(ToLower(c)) && c != 'Y'; });
    if (capitals && (part.size() <= kMaxSpelledAcronym || !has_vowel)) {
      total += static_cast<int>(part.size());  // N-C-I, P-R-R-T
    } else {
      total += CountLetterSyllables(Lower(part));
    }
  }
  return total;
}

ReadabilityScores MeasureReadability(std::string_view text) {
  ReadabilityScores scores;
  for (const Sentence& sentence : SentenceSplitter().Split(text)) {
    int words = 0;
    for (std::string_view token : SplitWords(sentence.text)) {
      int syllables = CountSyllables(token);
      if (syllables == 0) continue;
      ++words;
      scores.syllables += syllables;
    }
    if (words == 0) continue;
    scores.words += words;
    ++scores.sentences;
  }
  if (scores.words == 0) return scores;
  double words_per_sentence = static_cast<double>(scores.words) / scores.sentences;
  double syllables_per_word = static_cast<double>(scores.syllables) / scores.words;
  scores.reading_ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word;
  scores.grade_level = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59;
  return scores;
}

// --- Glosses -------------------------------------------------------------------------------

namespace {

// First words that make a parenthesis something other than a gloss: references, examples,
// asides, lists, qualifications.
constexpr std::string_view kNotGlossStarts[] = {
    "about",      "after", "all",     "also",      "and",      "any",    "are",          "as",
    "at",         "be",    "because", "been",      "before",   "both",   "but",          "by",
    "called",     "can",   "during",  "e.g.",      "e.g.,",    "each",   "eg",           "either",
    "especially", "etc",   "except",  "for",       "formerly", "from",   "i.e.",         "i.e.,",
    "ie",         "if",    "in",      "including", "into",     "is",     "it",           "its",
    "known",      "less",  "like",    "may",       "more",     "most",   "not",          "of",
    "often",      "on",    "only",    "or",        "over",     "per",    "respectively", "see",
    "such",       "than",  "that",    "this",      "usually",  "versus", "vs",           "was",
    "were",       "when",  "where",   "which",     "who",      "whose"};
// Words that make a parenthesis a pointer into the page, not a gloss ("(left panel)").
constexpr std::string_view kPagePointers[] = {"chapter", "figure",  "inset", "page",
                                              "panel",   "section", "table"};

// Words that end a term when reading backwards from the parenthesis: function words and the
// verbs that commonly stand before a glossed noun in patient text.
constexpr std::string_view kTermStops[] = {
    "a",         "about",   "affect",   "affects",   "after",  "all",     "also",    "an",
    "and",       "any",     "are",      "as",        "at",     "be",      "because", "become",
    "becomes",   "been",    "before",   "being",     "both",   "but",     "by",      "called",
    "can",       "cause",   "causes",   "certain",   "check",  "checks",  "could",   "did",
    "different", "do",      "does",     "during",    "each",   "find",    "finds",   "for",
    "found",     "from",    "get",      "gets",      "give",   "given",   "gives",   "had",
    "has",       "have",    "help",     "helps",     "her",    "his",     "how",     "if",
    "in",        "include", "includes", "including", "into",   "is",      "it",      "its",
    "known",     "less",    "like",     "make",      "made",   "makes",   "many",    "may",
    "more",      "most",    "much",     "named",     "new",    "no",      "not",     "of",
    "on",        "one",     "or",       "other",     "our",    "out",     "over",    "remove",
    "removes",   "same",    "show",     "shows",     "should", "so",      "some",    "such",
    "take",      "takes",   "than",     "that",      "the",    "their",   "them",    "then",
    "there",     "these",   "they",     "this",      "those",  "through", "to",      "treat",
    "treats",    "two",     "under",    "use",       "used",   "uses",    "using",   "very",
    "was",       "were",    "what",     "when",      "where",  "which",   "while",   "who",
    "will",      "with",    "would",    "you",       "your"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool IsTermWord(std::string_view w) {
  return !w.empty() && IsAlpha(w.front()) && IsAlpha(w.back()) &&
         std::all_of(w.begin(), w.end(),
                     [](char c) { return IsAlpha(c) || c == '-' || c == '\''; });
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A plain gloss inside "( )": a short lower-case phrase of words, not a reference or an aside.
bool IsGloss(std::string_view gloss) {
  if (gloss.empty() || !IsLower(gloss.front())) return false;
  for (char c : gloss) {
    if (!(IsAlpha(c) || c == ' ' || c == ',' || c == '-' || c == '\'')) return false;
  }
  std::vector<std::string_view> words = SplitWords(gloss);
  if (words.empty() || static_cast<int>(words.size()) > kMaxInlineGlossWords) return false;
  std::string first = Lower(words.front());
  if (!first.empty() && first.back() == ',') first.pop_back();
  if (Contains(kNotGlossStarts, first)) return false;
  for (std::string_view w : words) {
    if (!w.empty() && w.back() == ',') w.remove_suffix(1);
    if (Contains(kPagePointers, w)) return false;
    if (std::any_of(w.begin() + 1, w.end(), IsUpper)) return false;  // "sDNA-FIT": a name
  }
  return words.size() > 1 || words.front().size() >= 3;
}

double SyllablesPerWord(std::string_view text) {
  std::vector<std::string_view> words = SplitWords(text);
  int syllables = 0;
  for (std::string_view w : words) syllables += CountSyllables(w);
  return words.empty() ? 0 : static_cast<double>(syllables) / words.size();
}

// A gloss must not be harder than its term nor merely repeat it: "surgery (enucleation)" and
// "tumor (metastatic tumor)" explain nothing.
bool ExplainsTerm(std::string_view term, std::string_view gloss) {
  std::vector<std::string_view> gloss_words = SplitWords(gloss);
  std::vector<std::string_view> term_words = SplitWords(term);
  auto same_word = [](std::string_view a, std::string_view b) { return Lower(a) == Lower(b); };
  if (std::search(gloss_words.begin(), gloss_words.end(), term_words.begin(), term_words.end(),
                  same_word) != gloss_words.end()) {
    return false;
  }
  // A one-word gloss must be no harder than the term; longer glosses describe, and describing
  // takes plainer words ("lymph nodes (small bean-shaped structures)").
  return gloss_words.size() > 1 || SyllablesPerWord(gloss) <= SyllablesPerWord(term);
}

// The noun phrase ending right before `end` (exclusive): up to kMaxTermWords words, stopping at
// punctuation, a function word or verb, or a participle that is not the head ("enlarged lymph
// nodes" -> "lymph nodes").
std::string TermBefore(std::string_view text, size_t end) {
  std::vector<std::string_view> words;
  size_t i = end;
  while (static_cast<int>(words.size()) < kMaxTermWords) {
    size_t word_end = i;
    size_t b = word_end;
    while (b > 0 && !IsSpace(text[b - 1])) --b;
    std::string_view word = text.substr(b, word_end - b);
    std::string lower = Lower(word);
    bool participle = !words.empty() && (EndsWith(lower, "ed") || EndsWith(lower, "ing"));
    if (!IsTermWord(word) || Contains(kTermStops, lower) || participle) break;
    words.push_back(word);
    if (b == 0 || text[b - 1] != ' ') break;  // a line start or a tab: no phrase across it
    i = b - 1;
  }
  std::string term;
  for (auto it = words.rbegin(); it != words.rend(); ++it) {
    if (!term.empty()) term += ' ';
    term += *it;
  }
  return term;
}

// The link text if `end` (exclusive) closes a Markdown link "[text](target)", else empty.
std::string_view LinkTextBefore(std::string_view text, size_t end) {
  if (end == 0 || text[end - 1] != ')') return {};
  size_t open_paren = text.rfind('(', end - 1);
  if (open_paren == kNpos || open_paren == 0 || text[open_paren - 1] != ']') return {};
  std::string_view target = text.substr(open_paren + 1, end - 1 - open_paren - 1);
  if (target.find_first_of(" \n") != kNpos) return {};
  size_t open_bracket = text.rfind('[', open_paren - 1);
  if (open_bracket == kNpos) return {};
  return text.substr(open_bracket + 1, open_paren - 1 - open_bracket - 1);
}

}  // namespace

std::vector<TermDefinition> ExtractInlineGlosses(std::string_view text) {
  std::vector<TermDefinition> out;
  for (size_t open = text.find(" ("); open != kNpos; open = text.find(" (", open + 1)) {
    size_t paren = open + 1;
    size_t close = text.find_first_of("()\n", paren + 1);
    if (close == kNpos || text[close] != ')' || close - paren > kMaxGlossBytes) continue;
    std::string gloss = CollapseSpaces(text.substr(paren + 1, close - paren - 1));
    if (!IsGloss(gloss)) continue;
    std::string term;
    std::string_view link = LinkTextBefore(text, open);
    if (!link.empty()) {
      std::vector<std::string_view> words = SplitWords(link);
      bool plain = !words.empty() && static_cast<int>(words.size()) <= kMaxTermWords + 1 &&
                   std::all_of(words.begin(), words.end(), IsTermWord);
      if (plain) term = CollapseSpaces(link);
    } else {
      term = TermBefore(text, open);
    }
    if (term.size() < 3 || !ExplainsTerm(term, gloss)) continue;
    out.push_back({std::move(term), std::move(gloss)});
  }
  return out;
}

std::optional<std::string> PlainGloss(std::string_view term, std::string_view definition) {
  std::string lower_term = Lower(CollapseSpaces(term));
  std::vector<Sentence> sentences = SentenceSplitter().Split(definition);
  if (sentences.empty() || lower_term.empty()) return std::nullopt;
  // The sentence that defines the term ("Key Points" may come first), else the first one.
  auto defining = std::find_if(sentences.begin(), sentences.end(), [&](const Sentence& s) {
    return Lower(s.text).starts_with(lower_term);
  });
  bool opens_with_term = defining != sentences.end();
  std::vector<std::string_view> words =
      SplitWords(opens_with_term ? defining->text : sentences.front().text);

  // "<term> (ABBR; also called ...) is|are|means|refers to <gloss>": keep what follows the verb.
  size_t start = 0;
  size_t verb_limit = std::min(words.size(), SplitWords(lower_term).size() + 8);
  for (size_t w = 0; opens_with_term && w < verb_limit; ++w) {
    std::string word = Lower(words[w]);
    if (word == "that" || word == "which" || word == "who" || word == "where") break;
    bool refers = word == "refers" && w + 1 < words.size() && Lower(words[w + 1]) == "to";
    if (word == "is" || word == "are" || word == "means" || refers) {
      start = w + (refers ? 2 : 1);
      break;
    }
  }
  if (start >= words.size()) return std::nullopt;

  std::vector<std::string_view> gloss_words(words.begin() + start, words.end());
  if (static_cast<int>(gloss_words.size()) > kMaxGlossWords) {
    // Cut at the first clause boundary that leaves at least three words.
    size_t cut = 0;
    for (size_t w = 3; w < gloss_words.size() && static_cast<int>(w) <= kMaxGlossWords; ++w) {
      std::string word = Lower(gloss_words[w]);
      if (word == "that" || word == "which" || word == "who" || word == "where" ||
          gloss_words[w - 1].back() == ',') {
        cut = w;
        break;
      }
    }
    if (cut == 0) return std::nullopt;
    gloss_words.resize(cut);
  }
  std::string gloss;
  for (std::string_view w : gloss_words) {
    if (!gloss.empty()) gloss += ' ';
    gloss += w;
  }
  while (!gloss.empty() && (gloss.back() == '.' || gloss.back() == ',' || gloss.back() == ';')) {
    gloss.pop_back();
  }
  if (gloss.empty() || Lower(gloss) == lower_term) return std::nullopt;
  // "A condition ..." -> "a condition ...", but "HER2-positive ..." stays.
  std::string_view first_word = gloss_words.front();
  if (IsUpper(first_word[0]) && std::none_of(first_word.begin() + 1, first_word.end(), IsUpper)) {
    gloss[0] = ToLower(gloss[0]);
  }
  return gloss;
}

JargonGlossary JargonGlossary::FromDefinitions(const std::vector<TermDefinition>& definitions,
                                               int min_votes) {
  // Votes per term and gloss; std::map keeps the choice deterministic.
  std::map<std::string, std::map<std::string, int>> votes;
  for (const TermDefinition& d : definitions) {
    std::string key = Lower(CollapseSpaces(d.term));
    if (key.empty()) continue;
    if (std::optional<std::string> gloss = PlainGloss(d.term, d.definition)) ++votes[key][*gloss];
  }
  JargonGlossary glossary;
  for (const auto& [term, glosses] : votes) {
    auto best = std::max_element(glosses.begin(), glosses.end(), [](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second < b.second;
      return a.first.size() > b.first.size();
    });
    if (best->second < min_votes) continue;
    glossary.glosses_[term] = best->first;
    glossary.max_term_words_ =
        std::max(glossary.max_term_words_, static_cast<int>(SplitWords(term).size()));
  }
  return glossary;
}

JargonGlossary JargonGlossary::FromGlosses(
    const std::vector<std::pair<std::string, std::string>>& term_glosses) {
  JargonGlossary glossary;
  for (const auto& [term, gloss] : term_glosses) {
    std::string key = Lower(CollapseSpaces(term));
    if (key.empty() || !glossary.glosses_.emplace(key, gloss).second) continue;
    glossary.max_term_words_ =
        std::max(glossary.max_term_words_, static_cast<int>(SplitWords(key).size()));
  }
  return glossary;
}

std::optional<std::string> JargonGlossary::GlossOf(std::string_view term) const {
  auto it = glosses_.find(Lower(CollapseSpaces(term)));
  if (it == glosses_.end()) return std::nullopt;
  return it->second;
}

std::vector<GlossedTerm> JargonGlossary::Find(std::string_view sentence,
                                              bool include_explained) const {
  // Words: runs of letters, digits, hyphens and apostrophes, with their spans.
  std::vector<SentenceSpan> words;
  for (size_t i = 0; i < sentence.size();) {
    auto word_char = [&](char c) { return IsAlpha(c) || IsDigit(c) || c == '-' || c == '\''; };
    while (i < sentence.size() && !word_char(sentence[i])) ++i;
    size_t b = i;
    while (i < sentence.size() && word_char(sentence[i])) ++i;
    if (i > b) words.push_back({b, i});
  }
  std::vector<GlossedTerm> found;
  std::vector<std::string> seen;
  for (size_t w = 0; w < words.size();) {
    size_t matched = 0;
    for (size_t n = std::min<size_t>(max_term_words_, words.size() - w); n >= 1 && !matched; --n) {
      SentenceSpan span{words[w].begin, words[w + n - 1].end};
      std::string phrase = CollapseSpaces(sentence.substr(span.begin, span.end - span.begin));
      if (SplitWords(phrase).size() != n) continue;  // words joined by other punctuation
      std::string key = Lower(phrase);
      auto it = glosses_.find(key);
      if (it == glosses_.end() && key.size() > 3 && key.back() == 's') {
        it = glosses_.find(key.substr(0, key.size() - 1));
      }
      if (it == glosses_.end()) continue;
      matched = n;
      size_t next = span.end;
      while (next < sentence.size() && sentence[next] == ' ') ++next;
      bool explained = next < sentence.size() && sentence[next] == '(';
      if ((explained && !include_explained) ||
          std::find(seen.begin(), seen.end(), it->first) != seen.end()) {
        break;
      }
      seen.push_back(it->first);
      found.push_back({span, std::string(sentence.substr(span.begin, span.end - span.begin)),
                       it->second, it->first, explained});
    }
    w += matched > 0 ? matched : 1;
  }
  return found;
}

}  // namespace evident
