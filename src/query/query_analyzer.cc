#include "query/query_analyzer.h"

namespace evident {

std::vector<QueryTerm> QueryAnalyzer::Analyze(const std::string& question) {
  std::vector<QueryTerm> terms;
  for (auto& token : analyzer_.Analyze(question)) {
    terms.push_back({std::move(token.term), token.is_part ? options_.part_weight : 1.0f});
  }
  return terms;
}

}  // namespace evident
