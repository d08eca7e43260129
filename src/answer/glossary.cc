#include "answer/glossary.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_set>

#include "answer/sentence_splitter.h"
#include "answer/text_cleanup.h"

namespace evident {

// Named, not anonymous: a unity build puts every file of the module into one translation unit.
namespace glossary_detail {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The lower-case letter runs of `text` ("177Lu-DOTATATE" -> "lu", "dotatate").
std::vector<std::string> LetterWords(std::string_view text) {
  std::vector<std::string> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !IsAsciiLetter(text[i])) ++i;
    size_t b = i;
    while (i < text.size() && IsAsciiLetter(text[i])) ++i;
    if (i > b) words.push_back(LowerAscii(text.substr(b, i - b)));
  }
  return words;
}

std::vector<std::string_view> SpaceWords(std::string_view text) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t b = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > b) words.push_back(text.substr(b, i - b));
  }
  return words;
}

// An acronym ("ALL", "NET", "HER2"): two or more capitals. Matched without regard to case, it
// would gloss ordinary words.
bool HasAcronym(std::string_view term) {
  for (std::string_view w : SpaceWords(term)) {
    int capitals = 0;
    for (char c : w) capitals += c >= 'A' && c <= 'Z';
    if (capitals >= 2) return true;
  }
  return false;
}

// A word of a term: letters, digits, hyphens, apostrophes, with at least one letter.
bool IsTermToken(std::string_view w) {
  bool letter = false;
  for (char c : w) {
    if (IsAsciiLetter(c)) {
      letter = true;
    } else if (!((c >= '0' && c <= '9') || c == '-' || c == '\'')) {
      return false;
    }
  }
  return letter;
}

// Subjects that are not terms ("This is a ...", "Treatment is a ...").
constexpr std::string_view kNotTermWords[] = {
    "it",    "its",   "this",  "that",  "these",  "those",  "there",     "here",  "what",
    "which", "who",   "whom",  "whose", "they",   "he",     "she",       "we",    "you",
    "your",  "our",   "their", "one",   "each",   "both",   "all",       "some",  "many",
    "most",  "other", "such",  "if",    "when",   "how",    "why",       "also",  "not",
    "and",   "or",    "of",    "in",    "for",    "with",   "treatment", "goal",  "purpose",
    "cause", "risk",  "sign",  "test",  "result", "option", "following", "below", "above"};

// Glosses that classify rather than describe in passing.
constexpr std::string_view kClassifyingStarts[] = {"a type of ",  "a kind of ",   "a form of ",
                                                   "a group of ", "a class of ",  "a family of ",
                                                   "an type of ", "a subtype of "};

struct IsADefinition {
  std::string term;
  std::string gloss;
  bool about_page = false;
};

// "X is a ..." / "X (ABBR) are an ...": the term and the gloss, if `sentence` defines one.
std::optional<IsADefinition> ParseIsADefinition(std::string_view sentence, std::string_view title) {
  if (sentence.size() < 2 || sentence.back() != '.') return std::nullopt;
  size_t is = sentence.find(" is ");
  size_t are = sentence.find(" are ");
  size_t verb = std::min(is, are);
  if (verb == std::string_view::npos) return std::nullopt;
  size_t after = verb + (verb == is ? 4 : 5);
  std::string_view subject = sentence.substr(0, verb);
  if (!subject.empty() && subject.back() == ')') {  // "Adult ALL (ALL; also called ...)"
    size_t open = subject.rfind(" (");
    if (open == std::string_view::npos) return std::nullopt;
    subject = subject.substr(0, open);
  }
  for (std::string_view article : {"A ", "An ", "The "}) {
    if (subject.starts_with(article)) subject.remove_prefix(article.size());
  }
  std::vector<std::string_view> words = SpaceWords(subject);
  if (words.empty() || static_cast<int>(words.size()) > kMaxTermWords + 1) return std::nullopt;
  for (std::string_view w : words) {
    std::string lower = LowerAscii(w);
    if (!IsTermToken(w) || std::find(std::begin(kNotTermWords), std::end(kNotTermWords), lower) !=
                               std::end(kNotTermWords)) {
      return std::nullopt;
    }
  }
  std::string_view gloss = sentence.substr(after, sentence.size() - 1 - after);
  if (!gloss.starts_with("a ") && !gloss.starts_with("an ")) return std::nullopt;
  int gloss_words = static_cast<int>(SpaceWords(gloss).size());
  if (gloss_words < 3 || gloss_words > kMaxDefinitionGlossWords) return std::nullopt;
  IsADefinition d{LowerAscii(subject), std::string(gloss), false};
  d.about_page = LowerAscii(title).find(d.term) != std::string::npos;
  bool classifies = std::any_of(std::begin(kClassifyingStarts), std::end(kClassifyingStarts),
                                [&](std::string_view s) { return gloss.starts_with(s); });
  if (!d.about_page && !classifies) return std::nullopt;
  return d;
}

}  // namespace glossary_detail

void GlossaryBuilder::Add(const GlossarySourcePassage& passage) {
  using namespace glossary_detail;
  if (!passage.consumer) return;
  ++consumer_passages_;
  std::vector<std::string> words = LetterWords(passage.text);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (const std::string& w : words) ++consumer_doc_freq_[w];

  auto add = [&](std::string term, std::string gloss, const std::string& sentence, bool about,
                 bool inline_gloss) {
    if (term.size() < 3 || HasAcronym(term)) return;
    term = LowerAscii(term);
    auto& by_gloss = candidates_[term];
    auto [it, added] = by_gloss.try_emplace(gloss);
    Candidate& c = it->second;
    if (!added) {
      ++c.entry.votes;
      c.about_page = c.about_page || about;
      return;
    }
    c.entry.term = std::move(term);
    c.entry.gloss = std::move(gloss);
    c.entry.definition = sentence;
    c.entry.passage_id = std::string(passage.passage_id);
    c.entry.doc_id = std::string(passage.doc_id);
    c.about_page = about;
    c.inline_gloss = inline_gloss;
    c.order = next_order_++;
  };
  for (const Sentence& s : SentenceSplitter().Split(passage.text)) {
    std::string sentence = CleanSentence(s.text);
    if (sentence.empty()) continue;
    if (auto d = ParseIsADefinition(sentence, passage.title)) {
      add(std::move(d->term), std::move(d->gloss), sentence, d->about_page, false);
    }
    for (TermDefinition& inline_gloss : ExtractInlineGlosses(sentence)) {
      // Shown as a quotation, so it must be one, as written.
      if (sentence.find(inline_gloss.term + " (" + inline_gloss.definition + ")") ==
          std::string::npos) {
        continue;
      }
      add(std::move(inline_gloss.term), std::move(inline_gloss.definition), sentence, false, true);
    }
  }
}

std::vector<GlossaryEntry> GlossaryBuilder::Build() const {
  using namespace glossary_detail;
  std::vector<GlossaryEntry> out;
  if (consumer_passages_ == 0) return out;
  auto rate = [&](const std::string& word) {
    int n = 0;
    for (const std::string& form : {word, word + "s"}) {
      auto it = consumer_doc_freq_.find(form);
      if (it != consumer_doc_freq_.end()) n += it->second;
    }
    return static_cast<double>(n) / consumer_passages_;
  };
  // The share of consumer passages holding the rarest hard word of `text`; 1 if it has none.
  auto rarest_hard_word = [&](const std::string& text) {
    double rarest = 1;
    for (const std::string& w : LetterWords(text)) {
      if (CountSyllables(w) >= 3) rarest = std::min(rarest, rate(w));
    }
    return rarest;
  };
  for (const auto& [term, by_gloss] : candidates_) {
    // Jargon: some hard word of the term is rare in patient text.
    double rarest = rarest_hard_word(term);
    if (rarest >= kMaxJargonConsumerRate) continue;
    const Candidate* best = nullptr;
    auto rank = [](const Candidate& c) {
      return std::make_tuple(!c.about_page, -c.entry.votes, c.entry.gloss.size(), c.order);
    };
    for (const auto& [gloss, c] : by_gloss) {
      if (c.inline_gloss && !c.about_page && c.entry.votes < kMinInlineVotes) continue;
      // A parenthesis sometimes names the technical word instead of explaining the plain one
      // ("anal opening (imperforate anus)"): an inline gloss must be plainer than its term.
      if (c.inline_gloss && rarest_hard_word(c.entry.gloss) <= rarest) continue;
      // A one-word gloss is often a synonym as technical as the term ("intraocular (uveal)",
      // "noradrenaline (norepinephrine)"); it must be a short word patient pages use often.
      std::vector<std::string> gloss_words = LetterWords(c.entry.gloss);
      if (c.inline_gloss && gloss_words.size() == 1 &&
          (rate(gloss_words[0]) < kMinPlainWordRate || CountSyllables(gloss_words[0]) >= 3)) {
        continue;
      }
      if (best == nullptr || rank(c) < rank(*best)) best = &c;
    }
    if (best == nullptr) continue;
    GlossaryEntry entry = best->entry;
    entry.consumer_rate = rarest;
    out.push_back(std::move(entry));
  }
  return out;
}

Glossary::Glossary(std::vector<GlossaryEntry> entries) : entries_(std::move(entries)) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (!by_term_.emplace(entries_[i].term, i).second) continue;
    pairs.emplace_back(entries_[i].term, entries_[i].gloss);
  }
  matcher_ = JargonGlossary::FromGlosses(pairs);
}

Result<Glossary> Glossary::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    if (!std::filesystem::exists(path)) return Status::NotFound("no glossary at " + path);
    return Status::IOError("reading " + path);
  }
  std::vector<GlossaryEntry> entries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::Corruption("reading " + path + ": line " + std::to_string(number) +
                                " is not a JSON object");
    }
    GlossaryEntry e;
    e.term = j.value("term", "");
    e.gloss = j.value("gloss", "");
    e.definition = j.value("definition", "");
    e.passage_id = j.value("passage_id", "");
    e.doc_id = j.value("doc_id", "");
    e.consumer_rate = j.value("consumer_rate", 0.0);
    e.votes = j.value("votes", 1);
    if (e.term.empty() || e.gloss.empty() || e.passage_id.empty()) continue;
    entries.push_back(std::move(e));
  }
  return Glossary(std::move(entries));
}

Status Glossary::Save(const std::vector<GlossaryEntry>& entries, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  for (const GlossaryEntry& e : entries) {
    nlohmann::json j = {{"term", e.term},
                        {"gloss", e.gloss},
                        {"definition", e.definition},
                        {"passage_id", e.passage_id},
                        {"doc_id", e.doc_id},
                        {"consumer_rate", e.consumer_rate},
                        {"votes", e.votes}};
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  out.flush();
  if (!out) return Status::IOError("writing " + path);
  return Status::OK();
}

std::vector<GlossedTerm> Glossary::Find(std::string_view sentence) const {
  return matcher_.Find(sentence, /*include_explained=*/true);
}

const GlossaryEntry* Glossary::Entry(const std::string& term) const {
  auto it = by_term_.find(term);
  return it == by_term_.end() ? nullptr : &entries_[it->second];
}

}  // namespace evident
