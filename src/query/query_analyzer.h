// QueryAnalyzer: turns a question in plain words into the weighted terms retrieval runs on.
// The user's own words weigh 1; the parts of a compound ("covid" of "COVID-19") weigh less,
// since the whole token already matches exactly where it occurs.
// Thread-safety: holds an Analyzer; one QueryAnalyzer per thread.
#pragma once

#include <string>
#include <vector>

#include "index/analyzer.h"
#include "index/top_k.h"

namespace evident {

struct QueryAnalyzerOptions {
  float part_weight = 0.5f;  //!< weight of a compound's parts relative to the whole token
};

class QueryAnalyzer {
 public:
  explicit QueryAnalyzer(QueryAnalyzerOptions options = {}) : options_(options) {}

  //! Weighted index terms of `question`, in question order; repeated words repeat.
  std::vector<QueryTerm> Analyze(const std::string& question);

  Analyzer& analyzer() { return analyzer_; }

 private:
  QueryAnalyzerOptions options_;
  Analyzer analyzer_;
};

}  // namespace evident
