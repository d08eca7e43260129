#include "query/lay_terms.h"

#include <algorithm>

#include "query/lay_terms_table.h"

namespace evident {

std::vector<std::string> WholeTerms(std::string_view text, Analyzer& analyzer) {
  std::vector<std::string> terms;
  for (auto& token : analyzer.Analyze(text)) {
    if (!token.is_part) terms.push_back(std::move(token.term));
  }
  return terms;
}

std::vector<std::string> MatchTerms(std::string_view text, Analyzer& analyzer) {
  std::vector<Token> tokens = analyzer.Analyze(text);
  std::vector<std::string> terms;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool has_parts = i + 1 < tokens.size() && tokens[i + 1].is_part;
    if (tokens[i].is_part || !has_parts) terms.push_back(std::move(tokens[i].term));
  }
  return terms;
}

const LayTermTable& LayTermTable::BuiltIn() {
  static const LayTermTable* table = [] {
    auto parsed = Parse(lay_terms_internal::kLayTermsTsv);
    // The table ships with the code and a unit test parses it: a failure here is a build bug.
    return new LayTermTable(parsed.ok() ? std::move(*parsed) : LayTermTable());
  }();
  return *table;
}

Result<LayTermTable> LayTermTable::Parse(std::string_view tsv) {
  LayTermTable table;
  Analyzer analyzer;
  size_t line_no = 0;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size()) {
      return Status::InvalidArgument("parsing lay terms: line " + std::to_string(line_no) +
                                     ": expected \"lay<TAB>clinical\"");
    }
    Entry e{MatchTerms(line.substr(0, tab), analyzer), std::string(line.substr(0, tab)),
            std::string(line.substr(tab + 1))};
    // "the runs" would match every "run": a phrase must keep its meaning without stop words.
    const size_t words = static_cast<size_t>(std::count(e.lay.begin(), e.lay.end(), ' ') + 1);
    if (e.terms.empty() || (e.terms.size() == 1 && words > 1)) {
      return Status::InvalidArgument("parsing lay terms: line " + std::to_string(line_no) +
                                     ": lay phrase \"" + e.lay +
                                     "\" leaves at most one word without stop words");
    }
    table.entries_.push_back(std::move(e));
  }
  std::stable_sort(table.entries_.begin(), table.entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.terms.size() > b.terms.size(); });
  return table;
}

std::vector<LayTermMatch> LayTermTable::Find(std::string_view question, Analyzer& analyzer) const {
  const std::vector<std::string> terms = MatchTerms(question, analyzer);
  std::vector<LayTermMatch> matches;
  for (size_t i = 0; i < terms.size();) {
    const Entry* found = nullptr;
    for (const Entry& e : entries_) {  // longest first
      if (i + e.terms.size() <= terms.size() &&
          std::equal(e.terms.begin(), e.terms.end(), terms.begin() + i)) {
        found = &e;
        break;
      }
    }
    if (found == nullptr) {
      ++i;
      continue;
    }
    matches.push_back({found->lay, found->clinical, i, i + found->terms.size()});
    i += found->terms.size();
  }
  return matches;
}

}  // namespace evident
