#include "answer/llm_composer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "answer/audience.h"
#include "answer/fake_llm_server.h"

namespace evident {
namespace {

using nlohmann::json;
using testing::ChatCompletion;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Real sentences (NCI PDQ GI-NET treatment; NETTER-1, PubMed 28076709) in a small extractive
// article as AnswerComposer shapes it: guideline section first, a carried-through reference.
const char* kGuideline =
    "Peptide receptor radionuclide therapy with 177Lu-dotatate is an option for patients with "
    "progressive somatostatin receptor-positive midgut neuroendocrine tumors.";
const char* kEfficacy =
    "Treatment with 177Lu-Dotatate resulted in markedly longer progression-free survival and a "
    "significantly higher response rate than high-dose octreotide LAR among patients with "
    "advanced midgut neuroendocrine tumors.";
const char* kTrialSize = "A total of 229 patients were randomly assigned.";
const char* kSafety =
    "Clinically significant myelosuppression occurred in less than 10% of "
    "patients in the 177Lu-Dotatate group.";

Article ExtractiveArticle() {
  Article a;
  a.question = "What is the role of Lu-177 DOTATATE in liver metastases?";
  a.slug = "role-of-lu-177-dotatate-in-liver-metastases";
  a.audience = "physician";
  a.answerable = true;
  a.confidence = 0.8;
  a.disclaimer = "For professionals.";
  a.sections = {
      {"From the Guidelines",
       {{ArticleBlock::Kind::kParagraph, "", kGuideline, {1, 3}, "nci:gi-net#12"}}},
      {"From the Research",
       {{ArticleBlock::Kind::kSubheading, "", "Efficacy", {}, ""},
        {ArticleBlock::Kind::kBullet, "", kEfficacy, {2}, "pmid:28076709#1"},
        {ArticleBlock::Kind::kBullet, "", kTrialSize, {2}, "pmid:28076709#0"},
        {ArticleBlock::Kind::kBullet, "", kSafety, {4}, "pmid:31000000#2"}}},
  };
  auto ref = [](int n, std::string id, std::string passage, std::string title) {
    ArticleReference r;
    r.n = n;
    r.id = std::move(id);
    r.passage_id = std::move(passage);
    r.title = std::move(title);
    return r;
  };
  a.references = {ref(1, "nci:gi-net", "nci:gi-net#12", "GI NET (PDQ)"),
                  ref(2, "pmid:28076709", "pmid:28076709#1", "NETTER-1"),
                  ref(3, "pmid:34793718", "", "NETTER-1 final OS"),
                  ref(4, "pmid:31000000", "pmid:31000000#2", "Safety")};
  a.references[2].cited_by = 1;
  a.references[2].in_corpus = false;
  return a;
}

const std::map<std::string, std::string> kPassages = {
    {"nci:gi-net#12", std::string(kGuideline) + " Its use after progression on somatostatin "
                                                "analogues is supported by a phase III trial."},
    {"pmid:28076709#1", std::string("At the data-cutoff date, the estimated rate of "
                                    "progression-free survival at month 20 was 65.2%. ") +
                            kEfficacy},
    {"pmid:28076709#0", kTrialSize},
    {"pmid:31000000#2", kSafety},
};

std::optional<std::string> PassageText(const std::string& id) {
  auto it = kPassages.find(id);
  if (it == kPassages.end()) return std::nullopt;
  return it->second;
}

const std::string kFaithful =
    "Peptide receptor radionuclide therapy with 177Lu-dotatate is an option for progressive "
    "somatostatin receptor-positive midgut neuroendocrine tumors [1]. "
    "Among 229 randomly assigned patients [3], 177Lu-Dotatate resulted in markedly longer "
    "progression-free survival than high-dose octreotide LAR [2, 3]. "
    "The estimated progression-free survival rate at month 20 was 65.2% [2].";

class LlmComposerTest : public ::testing::Test {
 protected:
  Article Rewrite(LlmOptions options = {}) {
    options.url = llm_.url();
    options.model = "qwen2.5-7b-instruct";
    if (options.timeout_ms == LlmOptions{}.timeout_ms) options.timeout_ms = 5000;
    LlmComposer composer(options, PassageText);
    return composer.Rewrite(extractive_, [&](std::string_view piece) {
      streamed_ += piece;
      ++pieces_;
      return pieces_ > stop_after_pieces_ ? Status::Unavailable("the reader left") : Status::OK();
    });
  }
  // The extractive article, unchanged but for the report of why.
  void ExpectFallback(const Article& answer, const std::string& reason) {
    EXPECT_EQ(answer.composer.composer, "extractive");
    EXPECT_THAT(answer.composer.fallback_reason, HasSubstr(reason));
    nlohmann::json got = ArticleToJson(answer), want = ArticleToJson(extractive_);
    EXPECT_EQ(got["composer"]["fallback"], true);
    got.erase("composer");
    want.erase("composer");
    EXPECT_EQ(got, want);
  }

  testing::FakeLlmServer llm_;
  Article extractive_ = ExtractiveArticle();
  std::string streamed_;
  int pieces_ = 0;
  int stop_after_pieces_ = 1000;
};

TEST_F(LlmComposerTest, TheEvidenceIsNumberedFromTheExtractiveArticle) {
  auto evidence = EvidenceOf(extractive_);
  ASSERT_EQ(evidence.size(), 4u);  // the sub-heading is no evidence
  EXPECT_EQ(evidence[0].n, 1);
  EXPECT_EQ(evidence[0].text, kGuideline);
  EXPECT_THAT(evidence[0].references, ElementsAre(1, 3));
  EXPECT_EQ(evidence[1].passage_id, "pmid:28076709#1");
  EXPECT_EQ(evidence[3].section, 1u);
}

TEST_F(LlmComposerTest, AFaithfulReplyBecomesTheArticle) {
  llm_.Reply(ChatCompletion(kFaithful));
  LlmOptions options;
  options.api_key = "sk-local";
  Article answer = Rewrite(options);
  ASSERT_EQ(answer.composer.composer, "llm") << answer.composer.fallback_reason;
  EXPECT_EQ(answer.composer.reply_sentences, 3);
  EXPECT_EQ(answer.composer.kept, 3);
  EXPECT_TRUE(answer.composer.dropped.empty());
  EXPECT_TRUE(answer.composer.fallback_reason.empty());

  const Article& a = answer;
  ASSERT_EQ(a.sections.size(), 2u);
  EXPECT_EQ(a.sections[0].heading, "From the Guidelines");
  ASSERT_EQ(a.sections[0].blocks.size(), 1u);
  EXPECT_THAT(a.sections[0].blocks[0].text, HasSubstr("is an option for progressive"));
  EXPECT_THAT(a.sections[0].blocks[0].text, ::testing::Not(HasSubstr("[1]")));
  EXPECT_THAT(a.sections[0].blocks[0].citations, ElementsAre(1, 2));  // guideline + carried
  EXPECT_EQ(a.sections[1].heading, "From the Research");
  ASSERT_EQ(a.sections[1].blocks.size(), 2u);
  EXPECT_THAT(a.sections[1].blocks[0].citations, ElementsAre(3));
  EXPECT_EQ(a.sections[1].blocks[0].passage_id, "pmid:28076709#0");
  // References: renumbered by first use; the one no kept sentence cites is gone.
  ASSERT_EQ(a.references.size(), 3u);
  EXPECT_EQ(a.references[0].id, "nci:gi-net");
  EXPECT_EQ(a.references[1].id, "pmid:34793718");
  EXPECT_EQ(a.references[1].cited_by, 1);
  EXPECT_EQ(a.references[2].id, "pmid:28076709");
  EXPECT_EQ(a.question, extractive_.question);
  EXPECT_THAT(a.disclaimer, HasSubstr(extractive_.disclaimer));
  EXPECT_THAT(a.disclaimer, HasSubstr("written by a language model"));

  auto requests = llm_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["model"], "qwen2.5-7b-instruct");
  EXPECT_EQ(requests[0]["stream"], false);
  std::string prompt = requests[0]["messages"][1]["content"];
  EXPECT_THAT(prompt, HasSubstr("Question: What is the role of Lu-177 DOTATATE"));
  EXPECT_THAT(prompt, HasSubstr("Audience: physician"));
  EXPECT_THAT(prompt, HasSubstr(std::string("[2] (From the Research) ") + kEfficacy));
  EXPECT_THAT(prompt, HasSubstr("[4] (From the Research) Clinically significant"));
  EXPECT_EQ(llm_.authorization(), "Bearer sk-local");
}

TEST_F(LlmComposerTest, TheDisclaimerNoLongerSaysTheSentencesAreQuoted) {
  extractive_.disclaimer = Disclaimer(Audience::kPhysician);
  ASSERT_THAT(extractive_.disclaimer, HasSubstr("quoted from its source"));
  llm_.Reply(ChatCompletion(kFaithful));
  Article answer = Rewrite();
  ASSERT_EQ(answer.composer.composer, "llm");
  EXPECT_THAT(answer.disclaimer, ::testing::Not(HasSubstr("quoted from its source")));
  EXPECT_THAT(answer.disclaimer, HasSubstr("language model"));
}

TEST_F(LlmComposerTest, AnInventedNumberIsDroppedAndCounted) {
  llm_.Reply(
      ChatCompletion(kFaithful + " Grade 3 myelosuppression occurred in 25% of patients [4]."));
  Article answer = Rewrite();
  ASSERT_EQ(answer.composer.composer, "llm") << answer.composer.fallback_reason;
  EXPECT_EQ(answer.composer.kept, 3);
  ASSERT_EQ(answer.composer.dropped.size(), 1u);
  EXPECT_THAT(answer.composer.dropped[0].text, HasSubstr("25%"));
  EXPECT_THAT(answer.composer.dropped[0].reason, HasSubstr("25"));
  EXPECT_THAT(RenderMarkdown(answer), ::testing::Not(HasSubstr("25%")));
}

TEST_F(LlmComposerTest, ACitationToANonexistentSourceIsDropped) {
  llm_.Reply(ChatCompletion(kFaithful + " A total of 229 patients were randomly assigned [7]."));
  Article answer = Rewrite();
  ASSERT_EQ(answer.composer.composer, "llm");
  ASSERT_EQ(answer.composer.dropped.size(), 1u);
  EXPECT_THAT(answer.composer.dropped[0].reason, HasSubstr("[7]"));
}

TEST_F(LlmComposerTest, AClaimAbsentFromTheSourcesIsDropped) {
  llm_.Reply(ChatCompletion(kFaithful +
                            " 177Lu-Dotatate also cures hepatic metastases within six months [2]. "
                            "It should be the first treatment for every patient [1]."));
  Article answer = Rewrite();
  ASSERT_EQ(answer.composer.composer, "llm");
  EXPECT_EQ(answer.composer.kept, 3);
  ASSERT_EQ(answer.composer.dropped.size(), 2u);
  EXPECT_THAT(answer.composer.dropped[0].reason, HasSubstr("not in [2]"));
  EXPECT_EQ(ComposerReportToJson(answer.composer)["dropped"], 2);
}

TEST_F(LlmComposerTest, AMostlyUnsupportedReplyFallsBackToTheExtractiveArticle) {
  llm_.Reply(ChatCompletion(
      "177Lu-Dotatate resulted in markedly longer progression-free survival [2]. "
      "It cures hepatic metastases [2]. Survival doubled to 48 months [2]. No citation here."));
  ExpectFallback(Rewrite(), "only 1 of 4 sentences supported");
}

TEST_F(LlmComposerTest, MalformedJsonFallsBack) {
  llm_.Reply("{\"choices\": [{\"message\": ");
  ExpectFallback(Rewrite(), "malformed JSON");
  llm_.Reply(R"({"object": "chat.completion", "choices": []})");
  ExpectFallback(Rewrite(), "no choices");
  llm_.Reply(R"({"error": {"message": "model not loaded"}})");
  ExpectFallback(Rewrite(), "model not loaded");
  llm_.Reply(ChatCompletion(""));
  ExpectFallback(Rewrite(), "empty reply");
}

TEST_F(LlmComposerTest, AnHttpErrorFallsBack) {
  llm_.Reply("overloaded", 503);
  ExpectFallback(Rewrite(), "HTTP 503");
}

TEST_F(LlmComposerTest, ATimeoutFallsBack) {
  llm_.Hang();
  LlmOptions options;
  options.timeout_ms = 300;
  Article answer = Rewrite(options);
  llm_.Release();
  ExpectFallback(answer, "no reply");
}

TEST_F(LlmComposerTest, NoEndpointFallsBack) {
  LlmOptions options;
  options.url = "http://127.0.0.1:1/v1";
  options.timeout_ms = 1000;
  LlmComposer composer(options, PassageText);
  Article answer = composer.Rewrite(extractive_);
  EXPECT_EQ(answer.composer.composer, "extractive");
  EXPECT_THAT(answer.composer.fallback_reason, HasSubstr("no reply"));
}

TEST_F(LlmComposerTest, AnArticleThatIsNotAnswerableIsNeverSent) {
  extractive_.answerable = false;
  ExpectFallback(Rewrite(), "not answerable");
  EXPECT_TRUE(llm_.requests().empty());
}

TEST_F(LlmComposerTest, AStreamedReplyIsPassedOnAsItComesAndVerifiedWhole) {
  llm_.Stream({"Peptide receptor radionuclide therapy with 177Lu-dotatate is an option for ",
               "progressive somatostatin receptor-positive midgut neuroendocrine tumors [1]. ",
               "A total of 229 patients were randomly assigned [3]. ",
               "Survival doubled to 48 months [2]."});
  LlmOptions options;
  options.stream = true;
  Article answer = Rewrite(options);
  EXPECT_EQ(llm_.requests().at(0)["stream"], true);
  EXPECT_THAT(streamed_, HasSubstr("Survival doubled"));
  ASSERT_EQ(answer.composer.composer, "llm") << answer.composer.fallback_reason;
  EXPECT_EQ(answer.composer.kept, 2);
  EXPECT_EQ(answer.composer.dropped.size(), 1u);
}

TEST_F(LlmComposerTest, TheReportSaysWhatWasKeptAndDropped) {
  llm_.Reply(
      ChatCompletion(kFaithful + " Grade 3 myelosuppression occurred in 25% of patients [4]."));
  nlohmann::json report = ArticleToJson(Rewrite())["composer"];
  EXPECT_EQ(report["composer"], "llm");
  EXPECT_EQ(report["model"], "qwen2.5-7b-instruct");
  EXPECT_EQ(report["fallback"], false);
  EXPECT_FALSE(report.contains("fallback_reason"));
  EXPECT_EQ(report["reply_sentences"], 4);
  EXPECT_EQ(report["kept"], 3);
  EXPECT_EQ(report["dropped"], 1);
  EXPECT_THAT(report["dropped_sentences"][0]["text"].get<std::string>(), HasSubstr("25%"));
  EXPECT_THAT(report["dropped_sentences"][0]["reason"].get<std::string>(), HasSubstr("25"));
  // The extractive composer's own articles say only that.
  EXPECT_EQ(ArticleToJson(extractive_)["composer"], nlohmann::json({{"composer", "extractive"}}));
}

TEST_F(LlmComposerTest, AMalformedStreamChunkFallsBack) {
  llm_.StreamFrames({testing::ChatChunkFrame("Peptide receptor radionuclide therapy "),
                     "data: {\"choices\": [{\"delta\": \n\n", "data: [DONE]\n\n"});
  LlmOptions options;
  options.stream = true;
  ExpectFallback(Rewrite(options), "malformed stream chunk");
}

TEST_F(LlmComposerTest, AStreamThatStallsPastTheTimeoutFallsBack) {
  llm_.Stream({"Peptide receptor radionuclide therapy with 177Lu-dotatate ", "is an option [1]."});
  llm_.StallStreamAfter(1);
  LlmOptions options;
  options.stream = true;
  options.timeout_ms = 300;
  Article answer = Rewrite(options);
  llm_.Release();
  ExpectFallback(answer, "the reply broke off");
  EXPECT_EQ(streamed_, "Peptide receptor radionuclide therapy with 177Lu-dotatate ");
}

TEST_F(LlmComposerTest, TheDraftObserverCanStopTheReply) {
  llm_.Stream({"Peptide receptor radionuclide therapy with 177Lu-dotatate ", "is an option ",
               "for progressive midgut neuroendocrine tumors [1]."});
  stop_after_pieces_ = 1;
  LlmOptions options;
  options.stream = true;
  ExpectFallback(Rewrite(options), "stopped: the reader left");
  EXPECT_EQ(pieces_, 2);
}

TEST_F(LlmComposerTest, AServerThatIgnoresStreamingStillCounts) {
  llm_.Reply(ChatCompletion(kFaithful));
  LlmOptions options;
  options.stream = true;
  Article answer = Rewrite(options);
  EXPECT_EQ(answer.composer.composer, "llm") << answer.composer.fallback_reason;
}

TEST_F(LlmComposerTest, ReasoningBeforeTheAnswerIsIgnored) {
  llm_.Reply(ChatCompletion("<think>The user wants 42 facts [9].</think>" + kFaithful));
  Article answer = Rewrite();
  EXPECT_EQ(answer.composer.composer, "llm");
  EXPECT_EQ(answer.composer.reply_sentences, 3);
}

}  // namespace
}  // namespace evident
