// FakeAnswerService: a small AnswerService for the server's own tests. Its articles are made up
// from the question (with source text full of HTML specials, to prove escaping), its store is a
// real SQLite store in a test directory. Questions containing "unanswerable" get the
// not-enough-evidence article; "What about ..." within a conversation is read as a follow-up.
// Test support only; not part of the library.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "answer/article.h"
#include "server/answer_service.h"

namespace evident::testing {

//! A question the tests ask.
inline constexpr const char* kSeed = "What is the role of Lu-177 DOTATATE in liver metastases?";

struct FakeAnswerStats {
  std::atomic<int> asks{0};
  std::atomic<int> searches{0};
  std::atomic<int> delay_ms{0};  //!< each Ask sleeps this long (for shutdown tests)
  //! Stands for a change of the corpus: nonzero changes the lead sentence of every answer.
  std::atomic<int> edition{0};
  //! The index generation the services report (set before they are used).
  std::string generation;
};

class FakeAnswerService : public AnswerService {
 public:
  FakeAnswerService(std::unique_ptr<Store> store, FakeAnswerStats* stats)
      : store_(std::move(store)), stats_(stats) {}

  Result<Article> Ask(const AskRequest& request) override {
    ++stats_->asks;
    if (int delay = stats_->delay_ms.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    }
    Article a;
    a.question = request.question;
    a.audience = AudienceName(request.audience);
    a.last_updated = "2026-11-27";
    a.conversation_id = request.conversation_id.empty() ? "" : request.conversation_id;
    a.disclaimer = Disclaimer(request.audience);
    if (!request.conversation_id.empty() && request.question.rfind("What about", 0) == 0) {
      auto turns = store_->GetConversation(request.conversation_id);
      if (turns.ok() && !turns->empty()) {
        a.resolved_question =
            request.question + " (in the context of: " + turns->front().resolved_question + ")";
      }
    }
    a.slug = Slugify(a.resolved_question.empty() ? a.question : a.resolved_question);
    if (request.question.find("unanswerable") != std::string::npos) {
      a.answerable = false;
      a.nearest_topics = {"Neuroendocrine tumors & <liver> metastases", "Octreotide"};
      return a;
    }
    a.answerable = true;
    a.confidence = 0.8;
    a.question_type = "treatment";
    ArticleSection guidelines{"From the Guidelines", {}};
    guidelines.blocks.push_back(
        {ArticleBlock::Kind::kParagraph,
         "",
         "Lead sentence about <b>" + a.audience + "</b> care & dosing." +
             (stats_->edition ? " Edition " + std::to_string(stats_->edition) + "." : ""),
         {1, 2}});
    guidelines.blocks.push_back({ArticleBlock::Kind::kBullet,
                                 "Patient selection",
                                 "Somatostatin receptor positive \"onmouseover=alert(1) x\".",
                                 {1}});
    guidelines.blocks.push_back({ArticleBlock::Kind::kBullet, "", "Monitor kidney function.", {2}});
    ArticleSection research{"From the Research", {}};
    research.blocks.push_back({ArticleBlock::Kind::kSubheading, "", "Efficacy", {}});
    research.blocks.push_back(
        {ArticleBlock::Kind::kBullet, "", "<script>alert(1)</script> improved PFS.", {3}});
    a.sections = {guidelines, research};
    ArticleReference r1;
    r1.n = 1;
    r1.id = "nci:pdq:gi-net";
    r1.title = "GI Neuroendocrine Tumors Treatment (PDQ®)";
    r1.source = "National Cancer Institute";
    r1.evidence_level = "guideline";
    r1.evidence_label = "Guideline";
    r1.year = 2025;
    r1.url = "https://www.cancer.gov/types/gi-carcinoid-tumors/hp/gi-carcinoid-treatment-pdq";
    ArticleReference r2 = r1;
    r2.n = 2;
    r2.id = "pmid:15837990";
    r2.title = "Radiolabeled somatostatin analog [177Lu-DOTA0,Tyr3]octreotate";
    r2.source = "J Clin Oncol";
    r2.evidence_level = "cited_study";
    r2.evidence_label = "Study cited by the guideline";
    r2.year = 2005;
    r2.study_size = 131;
    r2.cited_by = 1;
    r2.in_corpus = false;
    r2.url = "javascript:alert(1)";
    ArticleReference r3 = r2;
    r3.n = 3;
    r3.id = "pmid:26536001";
    r3.title = "<script>alert(1)</script> \"onmouseover=alert(1) study";
    r3.evidence_level = "observational";
    r3.evidence_label = "Observational";
    r3.year = 2016;
    r3.study_size = 73;
    r3.cited_by.reset();
    r3.in_corpus = true;
    r3.url = "https://doi.org/10.1000/xyz";
    a.references = {r1, r2, r3};
    return a;
  }

  Result<std::vector<SearchHit>> Search(const std::string& query, int k) override {
    ++stats_->searches;
    std::vector<SearchHit> hits;
    for (int i = 0; i < std::min(k, 3); ++i) {
      hits.push_back({"pmid:" + std::to_string(100 + i), "pmid:" + std::to_string(100 + i) + "#0",
                      1.0f / static_cast<float>(i + 1), "Result <i>" + std::to_string(i) + "</i>",
                      "Snippet about " + query, "research", 2010 + i});
    }
    return hits;
  }

  Store& store() override { return *store_; }
  std::string index_generation() const override { return stats_->generation; }

 private:
  std::unique_ptr<Store> store_;
  FakeAnswerStats* stats_;
};

//! The documents of the corpus that the fake articles cite from it (references 1 and 3; 2 is a
//! study carried through from the guideline, not held), as a real corpus holds what it cites.
inline std::vector<DocumentRecord> FakeCorpus() {
  std::vector<DocumentRecord> corpus(2);
  corpus[0].doc.id = "nci:pdq:gi-net";
  corpus[0].doc.title = "GI Neuroendocrine Tumors Treatment (PDQ®)";
  corpus[0].doc.kind = SourceKind::kGuideline;
  corpus[1].doc.id = "pmid:26536001";
  corpus[1].doc.pmid = "26536001";
  corpus[1].doc.title = "A study";
  return corpus;
}

//! A factory of FakeAnswerServices over the SQLite store at `store_path`, which it gives the
//! FakeCorpus.
inline AnswerServiceFactory FakeAnswerServiceFactory(std::string store_path,
                                                     FakeAnswerStats* stats) {
  return [store_path, stats]() -> Result<std::unique_ptr<AnswerService>> {
    auto store = OpenStore(store_path);
    if (!store.ok()) return store.status();
    EVIDENT_RETURN_IF_ERROR((*store)->PutDocuments(FakeCorpus(), nullptr));
    return std::unique_ptr<AnswerService>(
        std::make_unique<FakeAnswerService>(std::move(*store), stats));
  };
}

}  // namespace evident::testing
