#include "eval/answer_evaluator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "eval/eval_test_support.h"

namespace evident {
namespace {

using ::testing::HasSubstr;
using Kind = ArticleBlock::Kind;

constexpr const char* kSentence = "Drug X lowers blood pressure in adults.";

class AnswerEvaluatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::StoreWith(
        {testing::TextRecord("pmid:1", {std::string(kSentence) + " It is safe."})});
    ASSERT_NE(store_, nullptr);

    GoldQuestion summary{"q1", "Does drug X lower blood pressure?", "summary", {"pmid:1"}, {}};
    summary.ideal_answers = {"Something unrelated.", kSentence};  // the best reference counts
    GoldQuestion factoid{"q2", "What is Y?", "factoid", {"pmid:9"}, {"Y is a thing."}};
    gold_ = {summary, factoid};
  }

  // q1: an answer quoting pmid:1; q2: "not enough evidence".
  static Result<Article> Answer(const GoldQuestion& q) {
    Article a;
    a.question = q.query;
    if (q.id == "q1") {
      a.answerable = true;
      a.confidence = 0.8;
      a.sections = {{"From the Research",
                     {{Kind::kSubheading, "", "Efficacy", {}, ""},
                      {Kind::kBullet, "", kSentence, {1}, "pmid:1#0"}}}};
      ArticleReference r;
      r.n = 1;
      r.id = "pmid:1";
      a.references = {r};
    } else {
      a.confidence = 0.2;
      a.sections = {{"Not enough evidence", {{Kind::kParagraph, "", "No good evidence.", {}, ""}}}};
    }
    return a;
  }

  AnswerReport Evaluate(const AnswerEvalOptions& options = {}) {
    budgets_.clear();
    auto report = EvaluateAnswers(
        gold_, Answer, store_.get(),
        [&](const GoldQuestion& q, size_t budget) -> Result<std::string> {
          budgets_.push_back(budget);
          return std::string("Blood pressure");
        },
        options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : AnswerReport{};
  }

  std::unique_ptr<Store> store_;
  std::vector<GoldQuestion> gold_;
  std::vector<size_t> budgets_;
};

TEST_F(AnswerEvaluatorTest, ScoresAnswersAgainstTheBestReferenceAndTheBaseline) {
  AnswerReport report = Evaluate();
  EXPECT_EQ(report.questions, 2u);
  EXPECT_EQ(report.answerable, 1u);
  EXPECT_DOUBLE_EQ(report.mean_confidence, 0.5);
  EXPECT_EQ(report.gold_cited, 1u);
  // The baseline gets the answer's length: 7 words, and 0 for the unanswerable one.
  EXPECT_EQ(budgets_, (std::vector<size_t>{7, 0}));
  // q1 quotes its reference: F1 1; q2 has no answer text: 0.
  EXPECT_EQ(report.rouge_focus.questions, 1u);
  EXPECT_DOUBLE_EQ(report.rouge_focus.rouge_2_f1, 1.0);
  EXPECT_DOUBLE_EQ(report.rouge_focus.rouge_l_f1, 1.0);
  EXPECT_EQ(report.rouge_all.questions, 2u);
  EXPECT_DOUBLE_EQ(report.rouge_all.rouge_2_f1, 0.5);
  EXPECT_DOUBLE_EQ(report.rouge_by_type.at("factoid").rouge_2_f1, 0.0);
  // Lead "blood pressur" against the 7 reference tokens: bigrams P 1/1, R 1/6, F1 2/7.
  EXPECT_DOUBLE_EQ(report.rouge_focus.lead_rouge_2_f1, 2.0 / 7);
  EXPECT_EQ(report.rouge_focus.beats_lead, 1u);
  EXPECT_EQ(report.blocks_checked, 1u);  // the notice of q2 is not a claim
  EXPECT_EQ(report.blocks_valid, 1u);
  EXPECT_EQ(report.answers_with_violations, 0u);
  EXPECT_EQ(report.conclusions, 0u);  // not asked for
  ASSERT_EQ(report.results.size(), 2u);
  EXPECT_EQ(report.results[0].words, 7u);
  EXPECT_FALSE(report.results[1].gold_cited);
}

TEST_F(AnswerEvaluatorTest, ConclusionsAreMatchedWhenTheReferenceIsOne) {
  gold_[0].ideal_answers = {kSentence};
  AnswerEvalOptions options;
  options.reference_is_conclusion = true;
  AnswerReport report = Evaluate(options);
  EXPECT_EQ(report.conclusions, 2u);
  EXPECT_EQ(report.conclusion_all, 1u);
  EXPECT_EQ(report.conclusion_sentences, 2u);
  EXPECT_EQ(report.conclusion_sentences_found, 1u);
}

TEST_F(AnswerEvaluatorTest, ViolationsAreCountedAndListedWithTheirQuestion) {
  auto paraphrase = [](const GoldQuestion& q) {
    Result<Article> a = Answer(q);
    if (a->answerable) a->sections[0].blocks[1].text = "Drug X lowers pressure.";
    return a;
  };
  auto report = EvaluateAnswers(gold_, paraphrase, store_.get(), nullptr);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->blocks_valid, 0u);
  EXPECT_EQ(report->answers_with_violations, 1u);
  EXPECT_FALSE(report->has_baseline);
  EXPECT_THAT(FormatAnswerReport(*report),
              HasSubstr("q1: not a sentence of its cited passage pmid:1#0: \"Drug X lowers "
                        "pressure.\""));
  nlohmann::json json = AnswerReportToJson(*report);
  EXPECT_EQ(json["violations"][0]["id"], "q1");
  EXPECT_EQ(json["citations"]["validity"], 0.0);
  EXPECT_FALSE(json["results"][0].contains("lead_rouge_2"));
}

TEST_F(AnswerEvaluatorTest, AnAnswerErrorStopsTheRunNamingTheQuestion) {
  auto failing = [](const GoldQuestion& q) -> Result<Article> {
    if (q.id == "q2") return Status::IOError("disk gone");
    return Answer(q);
  };
  auto report = EvaluateAnswers(gold_, failing, store_.get(), nullptr);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().ToString(), HasSubstr("question 1 (id q2)"));
  EXPECT_THAT(report.status().ToString(), HasSubstr("disk gone"));
}

TEST_F(AnswerEvaluatorTest, TheTextReportShowsTheHeadlineFigures) {
  std::string text = FormatAnswerReport(Evaluate());
  EXPECT_THAT(text, HasSubstr("answerable                     1 / 2 (50.0%)"));
  EXPECT_THAT(text, HasSubstr("gold document cited            1 / 2 (50.0%)"));
  EXPECT_THAT(text, HasSubstr("citation validity              1 / 1 (100.0%) blocks"));
  EXPECT_THAT(text, HasSubstr("summary+yesno"));
  EXPECT_THAT(text, HasSubstr("lead R-2"));
}

TEST(AnswerSentences, ParagraphsAndBulletsOfAnswerableArticlesOnly) {
  Article a;
  a.answerable = true;
  a.sections = {{"G",
                 {{Kind::kParagraph, "", "One.", {1}, "p#0"},
                  {Kind::kSubheading, "", "Key points", {}, ""},
                  {Kind::kBullet, "Dosing", "Two.", {1}, "p#0"}}}};
  EXPECT_EQ(AnswerSentences(a), (std::vector<std::string>{"One.", "Two."}));
  a.answerable = false;
  EXPECT_TRUE(AnswerSentences(a).empty());
}

}  // namespace
}  // namespace evident
