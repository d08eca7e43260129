#include "query/concept_synonyms.h"

#include <algorithm>

#include "index/analyzer.h"
#include "query/concept_synonyms_table.h"

namespace evident {

const ConceptSynonymTable& ConceptSynonymTable::BuiltIn() {
  static const ConceptSynonymTable* table = [] {
    auto parsed = Parse(concept_synonyms_internal::kConceptSynonymsTsv);
    // The table ships with the code and a unit test parses it: a failure here is a build bug.
    return new ConceptSynonymTable(parsed.ok() ? std::move(*parsed) : ConceptSynonymTable());
  }();
  return *table;
}

Result<ConceptSynonymTable> ConceptSynonymTable::Parse(std::string_view tsv) {
  ConceptSynonymTable table;
  Analyzer analyzer;
  size_t line_no = 0;
  while (!tsv.empty()) {
    const size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto bad = [&](const std::string& why) {
      return Status::InvalidArgument("parsing concept synonyms: line " + std::to_string(line_no) +
                                     ": " + why);
    };
    std::vector<ConceptSynonym> words;
    for (size_t start = 0; start <= line.size();) {
      const size_t tab = std::min(line.find('\t', start), line.size());
      const std::string word(line.substr(start, tab - start));
      const std::vector<Token> tokens = analyzer.Analyze(word);
      if (tokens.size() != 1) {
        return bad("\"" + word + "\" is not one word that is not a stop word");
      }
      // Words that stem alike are one term already.
      if (std::none_of(words.begin(), words.end(),
                       [&](const auto& w) { return w.term == tokens[0].term; })) {
        words.push_back({word, tokens[0].term});
      }
      start = tab + 1;
    }
    if (words.size() < 2) return bad("expected two or more words with different stems");
    for (const ConceptSynonym& w : words) {
      std::vector<ConceptSynonym>& others = table.synonyms_[w.term];
      for (const ConceptSynonym& o : words) {
        if (o.term == w.term) continue;
        if (std::none_of(others.begin(), others.end(),
                         [&](const auto& x) { return x.term == o.term; })) {
          others.push_back(o);
        }
      }
    }
    ++table.lines_;
  }
  return table;
}

const std::vector<ConceptSynonym>& ConceptSynonymTable::SynonymsOf(const std::string& term) const {
  static const std::vector<ConceptSynonym> kNone;
  auto it = synonyms_.find(term);
  return it == synonyms_.end() ? kNone : it->second;
}

}  // namespace evident
