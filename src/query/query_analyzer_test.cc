#include "query/query_analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/testing.h"

namespace evident {
namespace {

TEST(QueryAnalyzer, UserWordsWeighOnePartsLess) {
  QueryAnalyzer qa({.part_weight = 0.25f});
  auto terms = qa.Analyze("What is the role of 177Lu-DOTATATE?");
  ASSERT_GE(terms.size(), 3u);
  EXPECT_EQ(terms[0].term, "role");
  EXPECT_FLOAT_EQ(terms[0].weight, 1.0f);
  EXPECT_EQ(terms[1].term, "177lu-dotatate");
  EXPECT_FLOAT_EQ(terms[1].weight, 1.0f);
  EXPECT_FLOAT_EQ(terms[2].weight, 0.25f);
}

TEST(QueryAnalyzer, OnlyStopWordsGiveNoTerms) {
  QueryAnalyzer qa;
  EXPECT_TRUE(qa.Analyze("what is it?").empty());
}

std::vector<std::string> ConceptNames(const AnalyzedQuery& q) {
  std::vector<std::string> names;
  for (const auto& c : q.concepts) names.push_back(c.name);
  return names;
}

const AnalyzedTerm* FindTerm(const AnalyzedQuery& q, const std::string& term) {
  for (const auto& t : q.terms) {
    if (t.term == term) return &t;
  }
  return nullptr;
}

TEST(QueryAnalyzer, WithoutVocabulariesClassifiesAndSplitsConcepts) {
  QueryAnalyzer qa;
  auto q = qa.AnalyzeQuestion("What is the role of Dotatate in liver metastases?");
  EXPECT_EQ(q.type, QuestionType::kTreatment);
  EXPECT_EQ(ConceptNames(q), (std::vector<std::string>{"Dotatate", "liver metastases"}));
  EXPECT_TRUE(q.rewrites.empty());
  // The same terms Analyze gives, each once.
  std::vector<std::string> terms;
  for (const auto& t : q.QueryTerms()) terms.push_back(t.term);
  EXPECT_EQ(terms, (std::vector<std::string>{"role", "dotat", "liver", "metastas"}));
}

TEST(QueryAnalyzer, GenericQuestionWordsWeighLessThanTheSubject) {
  QueryAnalyzer qa({.generic_weight = 0.4f});
  auto q = qa.AnalyzeQuestion("What is the role of Dotatate in liver metastases?");
  ASSERT_NE(FindTerm(q, "role"), nullptr);
  EXPECT_FLOAT_EQ(FindTerm(q, "role")->weight, 0.4f);
  EXPECT_EQ(FindTerm(q, "role")->source, TermSource::kUser);
  EXPECT_FLOAT_EQ(FindTerm(q, "dotat")->weight, 1.0f);
  EXPECT_FLOAT_EQ(FindTerm(q, "metastas")->weight, 1.0f);
  // The parts of a generic compound weigh both less.
  auto parts = qa.AnalyzeQuestion("Is first-line imatinib used?");
  ASSERT_NE(FindTerm(parts, "first-line"), nullptr);
  EXPECT_FLOAT_EQ(FindTerm(parts, "first-line")->weight, 0.4f);
  ASSERT_NE(FindTerm(parts, "first"), nullptr);
  EXPECT_FLOAT_EQ(FindTerm(parts, "first")->weight, 0.4f * 0.5f);
  // The plain query keeps every word at 1.
  for (const auto& t : qa.Analyze("What is the role of Dotatate?")) {
    EXPECT_FLOAT_EQ(t.weight, 1.0f) << t.term;
  }
}

const std::vector<std::string> kAnalyzerCorpus = {
    "Lutetium Lu 177 dotatate (Lutathera) for neuroendocrine tumors (NETs).",
    "177Lu-dotatate peptide receptor radionuclide therapy (PRRT) in NET liver metastases.",
    "Peptide receptor radionuclide therapy (PRRT) with lutetium Lu 177 dotatate.",
    "Neuroendocrine tumors (NET) metastasize to the liver; PRRT with 177Lu-dotatate.",
    "The norepinephrine transporter (NET) in synapses.",
    "Norepinephrine transporter NET and noradrenaline reuptake in synapses.",
    "Diabetes mellitus type 2 and metformin.",
    "Diabetes and myocardial infarction risk.",
    "Acute myocardial infarction after diabetes diagnosis.",
    "Children and adults with asthma.",
    "Side effects of metformin.",
    "Adverse effects of insulin.",
};

class AnalyzeWithVocabularies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string vocab = testing::DataDir() + "/vocab";
    if (!std::filesystem::exists(vocab)) return;
    auto loaded = QueryResources::Shared({.vocab_dir = vocab});
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    resources_ = new std::shared_ptr<const QueryResources>(*loaded);
    const auto& t = (*resources_)->load_times();
    std::printf(
        "query resources loaded in %.0f ms (abbreviations %.0f, drugs %.0f, spelling %.0f)\n",
        t.total_ms, t.abbreviations_ms, t.drugs_ms, t.spelling_ms);
  }
  void SetUp() override {
    if (resources_ == nullptr) GTEST_SKIP() << "no vocab data under " << testing::DataDir();
  }
  QueryAnalyzer MakeAnalyzer() {
    return QueryAnalyzer({.resources = *resources_, .corpus_stats = &stats_});
  }
  static inline std::shared_ptr<const QueryResources>* resources_ = nullptr;
  InMemoryCorpusStats stats_{kAnalyzerCorpus};
};

TEST_F(AnalyzeWithVocabularies, BrandNameAndAbbreviationBecomeConcepts) {
  QueryAnalyzer qa = MakeAnalyzer();
  auto q = qa.AnalyzeQuestion("Is Lutathera effective for NET liver metastases?");
  EXPECT_EQ(q.type, QuestionType::kTreatment);
  auto names = ConceptNames(q);
  ASSERT_EQ(names.size(), 3u) << ::testing::PrintToString(names);
  EXPECT_EQ(names[0], "Lutetium Lu 177 dotatate");
  EXPECT_EQ(names[1].substr(0, 19), "neuroendocrine tumo");
  EXPECT_EQ(names[2], "liver metastases");
  EXPECT_EQ(q.concepts[0].as_written, "Lutathera");
  EXPECT_EQ(q.concepts[0].kind, ConceptKind::kDrug);

  // The user's words weigh 1, expansions less.
  ASSERT_NE(FindTerm(q, "lutathera"), nullptr);
  EXPECT_FLOAT_EQ(FindTerm(q, "lutathera")->weight, 1.0f);
  ASSERT_NE(FindTerm(q, "net"), nullptr);
  EXPECT_FLOAT_EQ(FindTerm(q, "net")->weight, 1.0f);
  const AnalyzedTerm* lutetium = FindTerm(q, "lutetium");
  ASSERT_NE(lutetium, nullptr);
  EXPECT_EQ(lutetium->source, TermSource::kDrugSynonym);
  EXPECT_LT(lutetium->weight, 1.0f);
  const AnalyzedTerm* neuro = FindTerm(q, "neuroendocrin");
  ASSERT_NE(neuro, nullptr);
  EXPECT_EQ(neuro->source, TermSource::kAbbreviation);
  EXPECT_LT(neuro->weight, 1.0f);
  EXPECT_EQ(FindTerm(q, "norepinephrin"), nullptr);
  // Every rewrite is explained.
  ASSERT_GE(q.rewrites.size(), 2u);
  for (const auto& r : q.rewrites) EXPECT_FALSE(r.explanation.empty());
}

TEST_F(AnalyzeWithVocabularies, DrugSpellingsMeetOnSharedTerms) {
  QueryAnalyzer qa = MakeAnalyzer();
  for (const char* written : {"177Lu-DOTATATE", "Lu-177 DOTATATE", "lutetium Lu 177 dotatate"}) {
    auto q = qa.AnalyzeQuestion(std::string("Kidney toxicity of ") + written);
    EXPECT_EQ(q.type, QuestionType::kAdverseEffects);
    for (const char* shared : {"lu", "177", "dotat"}) {
      EXPECT_NE(FindTerm(q, shared), nullptr) << written << ": " << shared;
    }
    ASSERT_FALSE(q.concepts.empty());
    EXPECT_EQ(q.concepts.back().name, "Lutetium Lu 177 dotatate") << written;
  }
}

TEST_F(AnalyzeWithVocabularies, CorrectsSpellingAndDropsAnUnknownOriginal) {
  QueryAnalyzer qa = MakeAnalyzer();
  auto q = qa.AnalyzeQuestion("metformin for diabetis");
  EXPECT_EQ(qa.AnalyzeQuestion("side efects of metformin").type, QuestionType::kAdverseEffects);
  ASSERT_EQ(q.rewrites.size(), 1u);
  EXPECT_EQ(q.rewrites[0].kind, RewriteKind::kSpelling);
  EXPECT_EQ(q.rewrites[0].to, "diabetes");
  const AnalyzedTerm* fixed = FindTerm(q, "diabet");
  ASSERT_NE(fixed, nullptr);
  EXPECT_FLOAT_EQ(fixed->weight, 0.9f);
  EXPECT_EQ(FindTerm(q, "diabeti"), nullptr);
  EXPECT_EQ(ConceptNames(q).back(), "diabetes");
}

TEST_F(AnalyzeWithVocabularies, MapsLayTerms) {
  QueryAnalyzer qa = MakeAnalyzer();
  auto q = qa.AnalyzeQuestion("Can sugar diabetes cause a heart attack?");
  EXPECT_EQ(q.type, QuestionType::kEpidemiology);
  auto names = ConceptNames(q);
  EXPECT_NE(std::find(names.begin(), names.end(), "myocardial infarction"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "diabetes mellitus"), names.end());
  const AnalyzedTerm* infarct = FindTerm(q, "infarct");
  ASSERT_NE(infarct, nullptr);
  EXPECT_EQ(infarct->source, TermSource::kLayTerm);
  EXPECT_LT(infarct->weight, 1.0f);
  EXPECT_FLOAT_EQ(FindTerm(q, "heart")->weight, 1.0f);
}

TEST_F(AnalyzeWithVocabularies, SearchesAnOrgansAdjectiveAtALowerWeight) {
  QueryAnalyzer qa = MakeAnalyzer();
  auto q = qa.AnalyzeQuestion("What is the role of Dotatate in liver metastases?");
  const AnalyzedTerm* hepatic = FindTerm(q, "hepat");
  ASSERT_NE(hepatic, nullptr);
  EXPECT_EQ(hepatic->source, TermSource::kConceptSynonym);
  EXPECT_EQ(hepatic->stands_for, "liver");
  EXPECT_GT(hepatic->weight, 0.0f);
  EXPECT_LT(hepatic->weight, FindTerm(q, "liver")->weight);
  EXPECT_TRUE(std::any_of(q.rewrites.begin(), q.rewrites.end(), [](const auto& r) {
    return r.kind == RewriteKind::kConceptSynonym && r.from == "liver" && r.to == "hepatic";
  }));
  // The concepts stay as the user wrote them.
  EXPECT_EQ(ConceptNames(q).back(), "liver metastases");
  // A word the user wrote is not an expansion of another.
  auto both = qa.AnalyzeQuestion("liver or hepatic toxicity");
  EXPECT_EQ(FindTerm(both, "hepat")->source, TermSource::kUser);
  EXPECT_FLOAT_EQ(FindTerm(both, "hepat")->weight, 1.0f);
}

TEST_F(AnalyzeWithVocabularies, LeavesCommonWordsAndUnsupportedAbbreviationsAlone) {
  QueryAnalyzer qa = MakeAnalyzer();
  for (const char* question :
       {"Is it safe for all children and adults?", "Is IT safe for ALL children AND adults?",
        "WHAT IS THE BEST TREATMENT FOR ASTHMA IN CHILDREN?"}) {
    auto q = qa.AnalyzeQuestion(question);
    for (const auto& r : q.rewrites) {
      EXPECT_NE(r.kind, RewriteKind::kAbbreviation) << question << ": " << r.explanation;
    }
  }
}

}  // namespace
}  // namespace evident
