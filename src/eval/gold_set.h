// GoldSet: benchmark questions with the documents judged relevant to them, read from the public
// biomedical QA benchmarks so that retrieval can be measured against them.
//  - BioASQ Task B (JSON {"questions": [{"id", "body", "type", "documents": [PubMed URLs],
//    "ideal_answer": [...]}]}): every question lists the PubMed articles the BioASQ experts judged
//    relevant, and the experts' paragraph-sized answers.
//  - PubMedQA (JSON object keyed by PMID: {"<pmid>": {"question", "final_decision",
//    "long_answer", ...}}): every question was written from one abstract, which is its only
//    relevant document; the long answer is that abstract's conclusion.
// Document ids use Evident's form "pmid:N" (see Document::id), so a gold set can be compared
// directly with what the index returns.
// Thread-safety: the loaders are pure functions of the file; GoldQuestion is a plain value.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace evident {

struct GoldQuestion {
  std::string id;                     //!< benchmark question id (BioASQ hex id, PubMedQA PMID)
  std::string query;                  //!< the question text, as a user would type it
  std::string type;                   //!< "yesno", "factoid", "list", "summary"
  std::vector<std::string> relevant;  //!< relevant document ids ("pmid:N"), unique, file order
  //! Reference answers in file order: BioASQ "ideal_answer" (one or more), PubMedQA
  //! "long_answer" (one). Empty when the file has none for the question.
  std::vector<std::string> ideal_answers;
};

//! Reads a BioASQ Task B file (plain or gzip). query = "body"; relevant = the PMIDs ending the
//! "documents" URLs (".../pubmed/34022131" -> "pmid:34022131"), duplicates dropped, order kept;
//! ideal_answers = "ideal_answer" (optional; a string or an array of strings).
//! Errors name the file and the question: "loading BioASQ gold set x.json: question 3 (id ab12):
//! \"documents\" is not an array".
Result<std::vector<GoldQuestion>> LoadBioasq(const std::string& path);

//! Reads a PubMedQA file (plain or gzip), questions in file order. id = the PMID key, query =
//! "question", type = "yesno" (every PubMedQA question is answered yes/no/maybe), relevant =
//! {"pmid:<key>"}, ideal_answers = {"long_answer"} (optional; the original PubMedQA files spell
//! it "LONG_ANSWER", which is read too).
Result<std::vector<GoldQuestion>> LoadPubmedqa(const std::string& path);

//! Reads a plain list of questions, one a line ('#' starts a comment line; blank lines are
//! skipped), e.g. questions a medical engine must decline (tests/data/off_topic_questions.txt).
//! id = "line N", type = "question"; no relevant documents, no reference answers.
Result<std::vector<GoldQuestion>> LoadQuestionList(const std::string& path);

}  // namespace evident
