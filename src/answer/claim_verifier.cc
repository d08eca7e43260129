#include "answer/claim_verifier.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <unordered_set>

#include "answer/text_cleanup.h"
#include "common/ascii.h"

namespace evident {

namespace {

using ascii::IsAlpha;
using ascii::IsDigit;

// Number words a writer may use for a figure its source gives in digits, or the other way round.
// "one" is left out: it is far more often a pronoun than a count.
constexpr std::array<std::pair<std::string_view, std::string_view>, 27> kNumberWords = {{
    {"two", "2"},       {"three", "3"},     {"four", "4"},      {"five", "5"},
    {"six", "6"},       {"seven", "7"},     {"eight", "8"},     {"nine", "9"},
    {"ten", "10"},      {"eleven", "11"},   {"twelve", "12"},   {"thirteen", "13"},
    {"fourteen", "14"}, {"fifteen", "15"},  {"sixteen", "16"},  {"seventeen", "17"},
    {"eighteen", "18"}, {"nineteen", "19"}, {"twenty", "20"},   {"thirty", "30"},
    {"forty", "40"},    {"fifty", "50"},    {"sixty", "60"},    {"seventy", "70"},
    {"eighty", "80"},   {"ninety", "90"},   {"hundred", "100"},
}};

// Words that link or report but claim nothing of their own; a rewrite may add them.
constexpr std::array<std::string_view, 30> kReportingWords = {
    "additionally", "addition", "however",      "moreover",     "furthermore", "overall",
    "therefore",    "thus",     "hence",        "respectively", "including",   "include",
    "includes",     "evidence", "data",         "study",        "studies",     "research",
    "report",       "reported", "show",         "showed",       "shown",       "suggest",
    "suggested",    "found",    "demonstrated", "indicated",    "according",   "guideline",
};

// Words that negate, compare or bound a claim, which the index drops as stop words: a claim
// may only use them where its sources do.
constexpr std::array<std::string_view, 14> kPolarityWords = {
    "no",      "not",    "nor",   "more", "most",  "few",   "only",
    "against", "before", "after", "over", "under", "above", "below"};

// "doesn't" -> "does not": contractions read as the negation they are.
std::string ExpandContractions(std::string_view text) {
  std::string out(text);
  for (std::string_view from : {"can't", "won't", "n't", "n’t"}) {
    std::string_view to = from == "can't" ? "can not" : from == "won't" ? "will not" : " not";
    for (size_t at = 0; (at = out.find(from, at)) != std::string::npos; at += to.size()) {
      out.replace(at, from.size(), to);
    }
  }
  return out;
}

// "2.50" -> "2.5", ".05" -> "0.05", "007" -> "7".
std::string NormalizeNumber(std::string digits) {
  if (digits.find('.') != std::string::npos) {
    while (digits.back() == '0') digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  if (digits.empty() || digits[0] == '.') digits.insert(digits.begin(), '0');
  size_t lead = 0;
  while (lead + 1 < digits.size() && digits[lead] == '0' && IsDigit(digits[lead + 1])) ++lead;
  return digits.substr(lead);
}

// The numbers of `text`, normalised: digit runs with one decimal point, thousands separators
// ("12,345") joined, and the number words.
std::unordered_set<std::string> NumbersIn(std::string_view text) {
  std::unordered_set<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    bool starts = IsDigit(text[i]) || (text[i] == '.' && i + 1 < text.size() &&
                                       IsDigit(text[i + 1]) && (i == 0 || !IsDigit(text[i - 1])));
    if (!starts) {
      if (IsAlpha(text[i])) {
        size_t j = i;
        while (j < text.size() && IsAlpha(text[j])) ++j;
        std::string word(text.substr(i, j - i));
        std::transform(word.begin(), word.end(), word.begin(), ::tolower);
        for (const auto& [name, value] : kNumberWords) {
          if (word == name) out.emplace(value);
        }
        i = j;
      } else {
        ++i;
      }
      continue;
    }
    std::string number;
    bool seen_point = false;
    size_t j = i;
    while (j < text.size()) {
      char c = text[j];
      if (IsDigit(c)) {
        number += c;
      } else if (c == '.' && !seen_point && j + 1 < text.size() && IsDigit(text[j + 1])) {
        number += c;
        seen_point = true;
      } else if (c == ',' && !seen_point && j + 3 < text.size() && IsDigit(text[j + 1]) &&
                 IsDigit(text[j + 2]) && IsDigit(text[j + 3]) &&
                 (j + 4 >= text.size() || !IsDigit(text[j + 4]))) {
        // thousands separator: skip it
      } else {
        break;
      }
      ++j;
    }
    out.insert(NormalizeNumber(number));
    i = j;
  }
  return out;
}

// Lower-cased plain words (letters only), for the polarity words the analyzer drops.
std::unordered_set<std::string> PlainWords(std::string_view text) {
  std::unordered_set<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAlpha(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsAlpha(text[j])) ++j;
    std::string word(text.substr(i, j - i));
    std::transform(word.begin(), word.end(), word.begin(), ::tolower);
    out.insert(std::move(word));
    i = j;
  }
  return out;
}

// The runs of letters of an index term: "177lu-dotatate" -> {"lu", "dotatate"}.
std::vector<std::string> LetterRuns(const std::string& term) {
  std::vector<std::string> runs;
  std::string run;
  for (char c : term) {
    if (IsAlpha(c)) {
      run += c;
    } else if (!run.empty()) {
      runs.push_back(std::move(run));
      run.clear();
    }
  }
  if (!run.empty()) runs.push_back(std::move(run));
  return runs;
}

bool HasLetter(const std::string& term) { return std::any_of(term.begin(), term.end(), IsAlpha); }

std::string CitationList(const std::vector<int>& citations) {
  std::string out = "[";
  for (size_t i = 0; i < citations.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(citations[i]);
  }
  return out + "]";
}

}  // namespace

struct ClaimVerifier::SourceTerms {
  std::unordered_set<std::string> terms;  // index terms, their parts, and their letter runs
  std::unordered_set<std::string> numbers;
  std::unordered_set<std::string> words;  // plain words, for polarity
};

Claim ParseClaim(std::string_view sentence) {
  // The markers are the ones sources use, so the extractive composer's cleanup reads them.
  return {CleanSentence(sentence), CitedNumbers(sentence)};
}

ClaimVerifier::ClaimVerifier(std::vector<std::string> sources, ClaimVerifierOptions options)
    : sources_(std::move(sources)), options_(options), terms_(sources_.size()) {}

ClaimVerifier::~ClaimVerifier() = default;

const ClaimVerifier::SourceTerms& ClaimVerifier::TermsOf(int n) {
  auto& slot = terms_[n - 1];
  if (slot) return *slot;
  slot = std::make_unique<SourceTerms>();
  std::string text = ExpandContractions(sources_[n - 1]);
  for (const Token& token : analyzer_.Analyze(text)) {
    slot->terms.insert(token.term);
    for (const std::string& run : LetterRuns(token.term)) {
      slot->terms.insert(run);
      if (std::string stem = analyzer_.NormalizeWord(run); !stem.empty()) slot->terms.insert(stem);
    }
  }
  slot->numbers = NumbersIn(text);
  slot->words = PlainWords(text);
  return *slot;
}

ClaimCheck ClaimVerifier::Check(const Claim& claim) {
  ClaimCheck check;
  if (claim.citations.empty()) {
    check.reason = "cites no source";
    return check;
  }
  for (int n : claim.citations) {
    if (n < 1 || n > num_sources()) {
      check.reason = "cites [" + std::to_string(n) + "], which is not a source";
      return check;
    }
  }
  std::string cited = CitationList(claim.citations);
  auto found = [&](auto member, const std::string& item) {
    for (int n : claim.citations) {
      const SourceTerms& source = TermsOf(n);
      if ((source.*member).count(item) > 0) return true;
    }
    return false;
  };
  std::string text = ExpandContractions(claim.text);

  std::vector<std::string> missing_numbers;
  for (const std::string& number : NumbersIn(text)) {
    if (!found(&SourceTerms::numbers, number)) missing_numbers.push_back(number);
  }
  std::sort(missing_numbers.begin(), missing_numbers.end());
  if (!missing_numbers.empty()) {
    check.reason = "number" + std::string(missing_numbers.size() > 1 ? "s " : " ");
    for (size_t i = 0; i < missing_numbers.size(); ++i) {
      check.reason += (i > 0 ? ", " : "") + missing_numbers[i];
    }
    check.reason += " not in " + cited;
    return check;
  }

  std::vector<std::string> missing_words;
  for (const std::string& word : PlainWords(text)) {
    bool polarity =
        std::find(kPolarityWords.begin(), kPolarityWords.end(), word) != kPolarityWords.end();
    if (polarity && !found(&SourceTerms::words, word)) missing_words.push_back(word);
  }
  int content_words = 0;
  int supported_words = 0;
  std::unordered_set<std::string> seen;
  for (const Token& token : analyzer_.Analyze(text)) {
    if (token.is_part || !HasLetter(token.term) || !seen.insert(token.term).second) continue;
    // Reporting words claim nothing; number words were checked as numbers.
    bool skip = false;
    for (std::string_view w : kReportingWords) {
      skip |= analyzer_.NormalizeWord(w) == token.term || w == token.term;
    }
    for (const auto& [name, value] : kNumberWords) {
      skip |= analyzer_.NormalizeWord(name) == token.term || name == token.term;
    }
    if (skip) continue;
    ++content_words;
    bool ok = found(&SourceTerms::terms, token.term);
    if (!ok) {
      ok = true;
      for (const std::string& run : LetterRuns(token.term)) {
        if (run.size() < 2) continue;
        std::string stem = analyzer_.NormalizeWord(run);
        ok &=
            found(&SourceTerms::terms, run) || (!stem.empty() && found(&SourceTerms::terms, stem));
      }
    }
    if (ok) {
      ++supported_words;
    } else {
      missing_words.push_back(token.term);
    }
  }
  double support = content_words == 0 ? 1.0 : static_cast<double>(supported_words) / content_words;
  bool polarity_ok = std::all_of(missing_words.begin(), missing_words.end(), [](const auto& w) {
    return std::find(kPolarityWords.begin(), kPolarityWords.end(), w) == kPolarityWords.end();
  });
  if (content_words == 0) {
    check.reason = "says nothing checkable";
    return check;
  }
  if (support + 1e-9 < options_.min_word_support || !polarity_ok) {
    check.reason = "words not in " + cited + ": ";
    for (size_t i = 0; i < missing_words.size(); ++i) {
      check.reason += (i > 0 ? ", " : "") + missing_words[i];
    }
    return check;
  }
  check.supported = true;
  return check;
}

}  // namespace evident
