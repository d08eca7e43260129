#include "answer/sentence_splitter.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "common/ascii.h"

namespace evident {
namespace {

constexpr size_t kNpos = std::string_view::npos;
//! A period inside a (...) or [...] group no longer than this never ends a sentence; longer
//! groups are more likely an unbalanced parenthesis than an aside.
constexpr size_t kMaxProtectedGroupBytes = 300;
//! A bracket group right after a sentence end ("[27]", "[Level of evidence C3]") belongs to that
//! sentence when it is at most this long.
constexpr size_t kMaxTrailingBracketBytes = 80;
constexpr int kMaxLabelWords = 6;

using ascii::IsAlnum;
using ascii::IsAlpha;
using ascii::IsDigit;
using ascii::IsLower;
using ascii::IsSpace;
using ascii::IsUpper;
unsigned char Byte(std::string_view t, size_t i) { return static_cast<unsigned char>(t[i]); }

bool HasAt(std::string_view t, size_t pos, std::string_view what) {
  return t.substr(pos, what.size()) == what;
}

// Multi-byte characters that matter here, in UTF-8.
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::string_view kBullets[] = {"\xE2\x80\xA2", "\xE2\x80\xA3", "\xE2\x96\xAA",
                                         "\xE2\x97\xA6"};
constexpr std::string_view kClosingQuotes[] = {"\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"};
constexpr std::string_view kOpeningQuotes[] = {"\xE2\x80\x9C", "\xE2\x80\x98", "\xC2\xAB"};

template <size_t N>
size_t MatchAny(std::string_view t, size_t pos, const std::string_view (&options)[N]) {
  for (std::string_view o : options) {
    if (HasAt(t, pos, o)) return o.size();
  }
  return 0;
}

// Abbreviations after which a period never ends a sentence (compared lower-cased; a token in
// capitals such as "MS" or "NO" is an acronym, not one of these).
constexpr std::string_view kAlwaysAbbreviations[] = {"e.g", "i.e",  "vs",   "cf",  "approx", "viz",
                                                     "al",  "fig",  "figs", "ref", "refs",   "eq",
                                                     "eqs", "incl", "esp",  "nb",  "ibid"};
// Titles before a name, compared exactly.
constexpr std::string_view kTitles[] = {"Dr", "Drs", "Mr", "Mrs", "Ms", "Prof", "St", "Sr"};
// Abbreviations that hold their period only before a number ("No. 5", "Vol. 3", "Jan. 2020").
constexpr std::string_view kBeforeNumberAbbreviations[] = {
    "No",  "no",  "Nos", "nos",  "Vol", "vol", "Suppl", "suppl", "pp",  "p",
    "Ch",  "ch",  "Sec", "sec",  "ca",  "Jan", "Feb",   "Mar",   "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",   "Tab",   "Art", "art"};
// Words that commonly open a sentence: after "hepatitis B." or "in the U.S." one of these means
// the period did end the sentence.
constexpr std::string_view kCommonSentenceStarts[] = {
    "A",       "After",     "All",       "Although",    "Among",    "An",       "As",      "At",
    "Because", "Before",    "Both",      "But",         "Compared", "Data",     "Despite", "During",
    "Each",    "Finally",   "For",       "Furthermore", "However",  "If",       "In",      "It",
    "Its",     "Moreover",  "Most",      "No",          "Of",       "On",       "One",     "Only",
    "Our",     "Overall",   "Patients",  "Results",     "Several",  "Since",    "Some",    "Such",
    "That",    "The",       "Their",     "There",       "These",    "They",     "This",    "Those",
    "Thus",    "To",        "Treatment", "Two",         "Three",    "We",       "When",    "While",
    "With",    "Therefore", "Here",      "Many",        "Other",    "Similarly"};
// Lower-case words that may stand before an initial in a name ("by J. Smith").
constexpr std::string_view kNameLeadIns[] = {"by", "and", "with", "of", "from",
                                             "to", "for", "et",   "&"};
// Words that section labels of structured abstracts are made of ("Materials and methods:",
// "Background and aims:"), compared lower-cased. Labels in capitals of any wording ("MAIN
// OUTCOME MEASURES:") are recognised by their form.
constexpr std::string_view kLabelWords[] = {
    "aim",          "aims",          "and",          "background",
    "case",         "conclusion",    "conclusions",  "context",
    "design",       "discussion",    "evidence",     "exposure",
    "exposures",    "findings",      "importance",   "interpretation",
    "intervention", "interventions", "introduction", "limitations",
    "main",         "material",      "materials",    "measure",
    "measurements", "measures",      "method",       "methods",
    "methodology",  "objective",     "objectives",   "outcome",
    "outcomes",     "participants",  "patients",     "presentation",
    "purpose",      "rationale",     "registration", "report",
    "results",      "setting",       "significance", "study",
    "summary",      "trial"};
// The labels that also stand without a colon ("Results. The ...", a line "BACKGROUND"): words
// that never make a sentence of their own.
constexpr std::string_view kBareLabelWords[] = {
    "aim",        "aims",      "and",          "background", "conclusion", "conclusions",
    "discussion", "findings",  "introduction", "material",   "materials",  "method",
    "methods",    "objective", "objectives",   "purpose",    "results"};
constexpr size_t kMaxLabelBytes = 60;

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

using ascii::Lower;

// Length of a list marker at `pos` including the spaces after it ("- ", "• ", "12. ", "3) ",
// "(a) "), or 0. A marker must be followed by a space and then by text.
size_t ListMarkerLength(std::string_view t, size_t pos) {
  size_t i = pos;
  if (size_t b = MatchAny(t, i, kBullets)) {
    i += b;
  } else if (i < t.size() && (t[i] == '-' || t[i] == '*' || t[i] == '+')) {
    ++i;
  } else {
    bool open = i < t.size() && t[i] == '(';
    if (open) ++i;
    size_t digits = 0;
    while (i + digits < t.size() && IsDigit(t[i + digits])) ++digits;
    if (digits >= 1 && digits <= 3) {
      i += digits;
    } else if (i < t.size() && IsLower(t[i]) && i + 1 < t.size() && t[i + 1] == ')') {
      ++i;  // "a) ", "(a) "
    } else {
      return 0;
    }
    if (i >= t.size()) return 0;
    if (open ? t[i] != ')' : (t[i] != '.' && t[i] != ')')) return 0;
    ++i;
  }
  if (i >= t.size() || (t[i] != ' ' && t[i] != '\t')) return 0;
  while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) ++i;
  if (i >= t.size() || IsSpace(t[i])) return 0;
  return i - pos;
}

// A bullet that opens an item inside a line: "•" after whitespace, or "- " / "* " after two or
// more spaces (answers pasted from web pages: "cell).    - Leukemia may ...").
size_t InlineBulletLength(std::string_view t, size_t pos) {
  if (pos == 0 || !IsSpace(t[pos - 1])) return 0;
  bool bullet_char = MatchAny(t, pos, kBullets) > 0;
  bool wide_gap = pos >= 2 && IsSpace(t[pos - 2]) && (t[pos] == '-' || t[pos] == '*');
  return bullet_char || wide_gap ? ListMarkerLength(t, pos) : 0;
}

struct Range {
  size_t begin;
  size_t end;
};

// Blocks: paragraphs and list items, with list markers left out. Nothing crosses a block edge.
std::vector<Range> FindBlocks(std::string_view t) {
  std::vector<Range> blocks;
  size_t open = kNpos;
  auto close = [&](size_t end) {
    if (open != kNpos && open < end) blocks.push_back({open, end});
    open = kNpos;
  };
  size_t line = 0;
  while (line < t.size()) {
    size_t eol = std::min(t.find('\n', line), t.size());
    size_t first = line;
    while (first < eol && IsSpace(t[first])) ++first;
    if (first == eol) {
      close(line);  // a blank line ends the paragraph
    } else {
      if (size_t marker = ListMarkerLength(t, first); marker > 0) {
        close(line);
        open = first + marker;
      } else if (open == kNpos) {
        open = first;
      }
      for (size_t k = first + 1; k < eol; ++k) {
        if (size_t marker = InlineBulletLength(t, k); marker > 0) {
          close(k);
          open = k + marker;
          k += marker - 1;
        }
      }
    }
    line = eol + 1;
  }
  close(t.size());
  return blocks;
}

// Matched (...) and [...] groups of a block, as [open, close] byte positions.
std::vector<Range> MatchedGroups(std::string_view t, Range block) {
  std::vector<Range> groups;
  std::vector<size_t> stack;
  for (size_t i = block.begin; i < block.end; ++i) {
    char c = t[i];
    if (c == '(' || c == '[') {
      stack.push_back(i);
    } else if ((c == ')' || c == ']') && !stack.empty()) {
      char want = c == ')' ? '(' : '[';
      if (t[stack.back()] == want) {
        groups.push_back({stack.back(), i});
        stack.pop_back();
      }
    }
  }
  return groups;
}

bool InsideShortGroup(const std::vector<Range>& groups, size_t pos) {
  return std::any_of(groups.begin(), groups.end(), [&](const Range& g) {
    return g.begin < pos && pos <= g.end && g.end - g.begin <= kMaxProtectedGroupBytes;
  });
}

// Is `candidate` made of label words only, with at least one that is not "and"?
template <size_t N>
bool MadeOfLabelWords(std::string_view candidate, const std::string_view (&words)[N]) {
  if (candidate.empty() || !IsUpper(candidate.front())) return false;
  int count = 0;
  bool head = false;
  for (size_t i = 0; i <= candidate.size();) {
    size_t j = std::min(candidate.find_first_of(" /", i), candidate.size());
    std::string word = Lower(candidate.substr(i, j - i));
    if (word == "&") word = "and";
    if (!Contains(words, word)) return false;
    head = head || word != "and";
    ++count;
    i = j + 1;
  }
  return head && count <= kMaxLabelWords;
}

// "MAIN OUTCOME MEASURES", "BACKGROUND/AIMS": words of capitals joined by ' ', '/', '-', '&'.
bool IsCapitalsLabel(std::string_view candidate) {
  if (candidate.empty() || !IsUpper(candidate.front()) || !IsUpper(candidate.back())) return false;
  int words = 1, letters = 0;
  for (size_t i = 0; i < candidate.size(); ++i) {
    char c = candidate[i];
    if (IsUpper(c)) {
      ++letters;
    } else if (c == ' ') {
      if (candidate[i - 1] == ' ') return false;
      ++words;
    } else if (c != '/' && c != '-' && c != '&') {
      return false;
    }
  }
  return letters >= 4 && words <= kMaxLabelWords;
}

bool LooksLikeSentenceStart(std::string_view t, size_t pos, size_t end, int depth = 0);

// Length of the section label at `pos` with what closes it, or 0. Three forms: "RESULTS:" or
// "Materials and methods:"; "Results." before a sentence; a line of its own ("BACKGROUND\n")
// before more text. `label` receives the label without its punctuation.
size_t LabelLength(std::string_view t, size_t pos, size_t end, std::string_view* label) {
  size_t limit = std::min(end, pos + kMaxLabelBytes);
  size_t stop = pos;
  while (stop < limit && t[stop] != ':' && t[stop] != '.' && t[stop] != '\n') ++stop;
  if (stop == pos || stop >= limit) return 0;
  std::string_view candidate = t.substr(pos, stop - pos);
  size_t after = stop + 1;
  size_t next = after;
  while (next < end && IsSpace(t[next])) ++next;
  bool ok = false;
  if (t[stop] == ':') {
    ok = (after >= end || IsSpace(t[after])) &&
         (IsCapitalsLabel(candidate) || MadeOfLabelWords(candidate, kLabelWords));
  } else if (t[stop] == '.') {
    ok = after < end && IsSpace(t[after]) && LooksLikeSentenceStart(t, next, end) &&
         MadeOfLabelWords(candidate, kBareLabelWords);
  } else {
    while (!candidate.empty() && IsSpace(candidate.back())) candidate.remove_suffix(1);
    ok = LooksLikeSentenceStart(t, next, end) &&
         (IsCapitalsLabel(candidate) || MadeOfLabelWords(candidate, kBareLabelWords));
    after = stop;
  }
  if (!ok) return 0;
  *label = candidate;
  return after - pos;
}

// Does the text at `pos` look like the first word of a sentence?
bool LooksLikeSentenceStart(std::string_view t, size_t pos, size_t end, int depth) {
  if (pos >= end) return false;
  char c = t[pos];
  if (IsUpper(c) || IsDigit(c)) return true;
  if (MatchAny(t, pos, kBullets) > 0) return true;
  if (depth == 0) {
    size_t opener =
        (c == '"' || c == '\'' || c == '(' || c == '[') ? 1 : MatchAny(t, pos, kOpeningQuotes);
    if (opener > 0) return LooksLikeSentenceStart(t, pos + opener, end, depth + 1);
  }
  unsigned char b = Byte(t, pos);
  if (b == 0xC3 && pos + 1 < end) {  // Latin-1 capitals À..Þ (not ×)
    unsigned char b2 = Byte(t, pos + 1);
    return b2 >= 0x80 && b2 <= 0x9E && b2 != 0x97;
  }
  if (b == 0xCE || b == 0xCF) return true;  // Greek: "α-Synuclein ...", "β-blockers ..."
  if (IsLower(c)) {
    // "mRNA", "p53", "eGFR", "iPSCs": a lower-case start with capitals or digits inside.
    for (size_t i = pos + 1; i < end && (IsAlnum(t[i]) || t[i] == '-'); ++i) {
      if (IsUpper(t[i]) || IsDigit(t[i])) return true;
    }
  }
  return false;
}

// The whitespace-delimited word ending right before `end` (at or after `floor`), with leading
// openers dropped.
std::string_view WordBefore(std::string_view t, size_t floor, size_t end) {
  size_t b = end;
  while (b > floor && !IsSpace(t[b - 1]) && t[b - 1] != '(' && t[b - 1] != '[' && t[b - 1] != '"') {
    --b;
  }
  return t.substr(b, end - b);
}

std::string_view WordAt(std::string_view t, size_t pos, size_t end) {
  size_t e = pos;
  while (e < end && !IsSpace(t[e])) ++e;
  return t.substr(pos, e - pos);
}

std::string_view StripTrailingPunctuation(std::string_view w) {
  while (!w.empty() && !IsAlnum(w.back())) w.remove_suffix(1);
  return w;
}

// "C.", "F.,": one capital and a period.
bool IsInitial(std::string_view w) {
  return w.size() >= 2 && IsUpper(w[0]) && w[1] == '.' &&
         (w.size() == 2 || (w.size() == 3 && w[2] == ','));
}

// "U.S", "Ph.D", "M.D" (the token before its final period): capitalised pieces of one or two
// letters joined by periods.
bool IsDottedAcronym(std::string_view tok) {
  if (tok.find('.') == kNpos || !IsUpper(tok.front())) return false;
  size_t piece = 0;
  for (char c : tok) {
    if (c == '.') {
      if (piece == 0) return false;
      piece = 0;
    } else if (IsAlpha(c) && ++piece <= 2) {
      continue;
    } else {
      return false;
    }
  }
  return piece > 0;
}

bool AllCapitals(std::string_view tok) {
  return tok.size() >= 2 && std::all_of(tok.begin(), tok.end(), IsUpper);
}

// Does the period at `dot` belong to an abbreviation or initial rather than end the sentence?
// `next` is where the following word starts.
bool PeriodIsAbbreviation(std::string_view t, size_t floor, size_t dot, size_t next, size_t end) {
  std::string_view tok = WordBefore(t, floor, dot);
  if (tok.empty()) return false;
  std::string_view next_word = WordAt(t, next, end);
  if (!AllCapitals(tok) && Contains(kAlwaysAbbreviations, Lower(tok))) return true;
  if (Contains(kTitles, tok)) return true;
  if (Contains(kBeforeNumberAbbreviations, tok) && IsDigit(next_word.front())) return true;

  bool single = tok.size() == 1 && IsUpper(tok[0]);
  if (!single && !IsDottedAcronym(tok)) return false;
  size_t tok_begin = dot - tok.size();
  size_t prev_end = tok_begin;
  while (prev_end > floor && IsSpace(t[prev_end - 1])) --prev_end;
  std::string_view prev_word = WordBefore(t, floor, prev_end);
  if (IsInitial(next_word) || (single && IsInitial(prev_word))) return true;  // "C. F. M."
  std::string_view next_clean = StripTrailingPunctuation(next_word);
  if (Contains(kCommonSentenceStarts, next_clean) || next_clean.ends_with("ly")) {
    return false;  // "... in Arm A. Importantly, ..."
  }
  if (!single) return true;  // "the U.S. Food and Drug Administration"
  // "hepatitis B. Patients ..." ends; "by J. Smith", "Professor C. Saint" do not.
  return !(!prev_word.empty() && IsLower(prev_word.front()) && !Contains(kNameLeadIns, prev_word));
}

// Length of a "(27)", "(5,6)", "(5-8)" group at `pos`, or 0.
size_t NumberGroupLength(std::string_view t, size_t pos, size_t end) {
  if (pos >= end || t[pos] != '(') return 0;
  size_t i = pos + 1;
  while (i < end && (IsDigit(t[i]) || t[i] == ',' || t[i] == '-' || t[i] == ' ')) ++i;
  bool digits = i > pos + 1 && IsDigit(t[pos + 1]);
  return digits && i < end && t[i] == ')' && i - pos <= kMaxTrailingBracketBytes ? i + 1 - pos : 0;
}

// Position after the closers and trailing bracket groups that follow a sentence end at `pos`.
size_t AbsorbTrailers(std::string_view t, size_t pos, size_t end) {
  for (;;) {
    if (pos < end && (t[pos] == '"' || t[pos] == '\'' || t[pos] == ')')) {
      ++pos;
    } else if (size_t q = MatchAny(t, pos, kClosingQuotes); q > 0 && pos + q <= end) {
      pos += q;
    } else if (size_t marker = NumberGroupLength(t, pos, end); marker > 0) {
      pos += marker;  // a citation glued to the end: "durable.(27)"
    } else {
      size_t open = pos < end && t[pos] == ' ' ? pos + 1 : pos;
      if (open >= end || t[open] != '[') return pos;
      size_t close = t.find(']', open);
      if (close == kNpos || close >= end || close - open > kMaxTrailingBracketBytes ||
          t.substr(open, close - open).find('\n') != kNpos) {
        return pos;
      }
      pos = close + 1;
    }
  }
}

size_t TerminalLength(std::string_view t, size_t pos) {
  char c = t[pos];
  if (c == '.' || c == '?' || c == '!') return 1;
  return HasAt(t, pos, kEllipsis) ? kEllipsis.size() : 0;
}

class BlockSplitter {
 public:
  BlockSplitter(std::string_view text, std::string_view* label, std::vector<Sentence>* out)
      : t_(text), label_(label), out_(out) {}

  void Split(Range block) {
    std::vector<Range> groups = MatchedGroups(t_, block);
    size_t start = StartSentence(block.begin, block.end);
    for (size_t i = start; i < block.end;) {
      size_t term = TerminalLength(t_, i);
      if (term == 0) {
        ++i;
        continue;
      }
      size_t run_end = i + term;
      while (run_end < block.end && TerminalLength(t_, run_end) > 0) {
        run_end += TerminalLength(t_, run_end);
      }
      size_t after = AbsorbTrailers(t_, run_end, block.end);
      size_t next = after;
      while (next < block.end && IsSpace(t_[next])) ++next;
      std::string_view unused;
      bool glued_label = next == after && next < block.end && IsUpper(t_[next]) &&
                         LabelLength(t_, next, block.end, &unused) > 0;  // "survival.METHODS:"
      bool ends = glued_label || (after < block.end && IsSpace(t_[after]) && next < block.end &&
                                  !InsideShortGroup(groups, after) &&
                                  LooksLikeSentenceStart(t_, next, block.end) &&
                                  !(t_[i] == '.' && run_end == i + 1 &&
                                    PeriodIsAbbreviation(t_, block.begin, i, next, block.end)));
      if (!ends) {
        i = run_end;
        continue;
      }
      Emit(start, after);
      start = StartSentence(next, block.end);
      i = start;
    }
    Emit(start, block.end);
  }

 private:
  // Skips whitespace, a list marker and a section label at a sentence start.
  size_t StartSentence(size_t pos, size_t end) {
    for (;;) {
      while (pos < end && IsSpace(t_[pos])) ++pos;
      std::string_view label;
      if (size_t marker = ListMarkerLength(t_, pos); marker > 0 && pos + marker <= end) {
        pos += marker;
      } else if (size_t len = LabelLength(t_, pos, end, &label); len > 0) {
        *label_ = label;
        pos += len;
      } else {
        return pos;
      }
    }
  }

  void Emit(size_t begin, size_t end) {
    while (begin < end && IsSpace(t_[begin])) ++begin;
    while (end > begin && IsSpace(t_[end - 1])) --end;
    std::string_view text = t_.substr(begin, end - begin);
    if (std::none_of(text.begin(), text.end(), IsAlnum)) return;  // a stray "." or ")"
    out_->push_back({{begin, end}, text, *label_});
  }

  std::string_view t_;
  std::string_view* label_;
  std::vector<Sentence>* out_;
};

}  // namespace

std::vector<Sentence> SentenceSplitter::Split(std::string_view text) const {
  std::vector<Sentence> out;
  std::string_view label;
  BlockSplitter splitter(text, &label, &out);
  for (Range block : FindBlocks(text)) splitter.Split(block);
  return out;
}

}  // namespace evident
