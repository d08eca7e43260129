// The LLM composer over real stored text: real documents (NCI's GI neuroendocrine treatment
// page and the PubMed fixtures) ingested into a temporary store, an article whose evidence is
// their sentences as the extractive composer shows them (split and cleaned), and a loopback
// OpenAI-compatible server that answers with the evidence sentences it was given. It checks
// that what the model is shown and what its sentences are verified against (the stored
// passages) agree: a reply that restates the evidence loses no sentence, and one altered figure
// is caught. Also the composer flags of `ask` and `serve`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "answer/llm_composer.h"
#include "answer/sentence_splitter.h"
#include "answer/text_cleanup.h"
#include "cli/composer_flags.h"
#include "common/testing.h"
#include "ingest/corpus_ingester.h"
#include "net/loopback_server.h"

namespace evident {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class LlmPipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(evident::testing::TempDir());
    auto store = OpenStore(*dir_ + "/evident.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    std::string nci = evident::testing::DataDir() + "/corpus/guidelines/nci/";
    IngestOptions options;
    options.threads = 1;
    options.index.threads = 1;
    auto summary = IngestPaths(
        {nci + "types_gi-neuroendocrine-tumors_hp_gi-neuroendocrine-treatment-pdq.md",
         nci + "types_gi-neuroendocrine-tumors_patient_gi-neuroendocrine-treatment-pdq.md",
         nci + "types_pancreatic_research_neuroendocrine-sunitinib-everolimus.md",
         evident::testing::DataDir() + "/corpus/pubmed_xml"},
        **store, *dir_ + "/index", options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  }
  static void TearDownTestSuite() { delete dir_; }

  void SetUp() override {
    auto store = OpenStore(*dir_ + "/evident.db");
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
  }

  // An article as the extractive composer shapes one: sentences of stored passages, cleaned of
  // markup and reference markers, each a block citing its document — PDQ sentences about
  // 177Lu-dotatate and somatostatin analogues first, then the abstracts' sentences with figures.
  Article FromStoredPassages() {
    Article article;
    article.question = "What is the role of Lu-177 DOTATATE in liver metastases?";
    article.audience = "physician";
    article.answerable = true;
    article.sections = {{"From the Guidelines", {}}, {"From the Research", {}}};
    SentenceSplitter splitter;
    std::map<std::string, int> reference_of;
    EXPECT_TRUE(store_
                    ->ScanPassages([&](const PassageView& p) {
                      bool guideline = p.kind == SourceKind::kGuideline;
                      auto& blocks = article.sections[guideline ? 0 : 1].blocks;
                      if (blocks.size() >= 6) return true;
                      for (const Sentence& sentence : splitter.Split(p.text)) {
                        std::string text = CleanSentence(sentence.text);
                        bool wanted = std::regex_search(
                            text, guideline ? std::regex("177Lu|PRRT|somatostatin|octreotide",
                                                         std::regex::icase)
                                            : std::regex(R"(\d)"));
                        if (!wanted || text.size() < 40 || blocks.size() >= 6) continue;
                        auto [it, added] = reference_of.emplace(
                            p.doc_id, static_cast<int>(reference_of.size()) + 1);
                        if (added) {
                          ArticleReference r;
                          r.n = it->second;
                          r.id = p.doc_id;
                          r.passage_id = p.passage_id;
                          article.references.push_back(r);
                        }
                        blocks.push_back(
                            {ArticleBlock::Kind::kBullet, "", text, {it->second}, p.passage_id});
                      }
                      return true;
                    })
                    .ok());
    return article;
  }

  // A model that restates each evidence sentence of the prompt, citing it; `alter` edits them.
  Article RewriteWithEcho(const Article& extractive,
                          const std::function<std::string(std::string)>& alter) {
    evident::testing::LoopbackServer llm([&](httplib::Server& s) {
      s.Post("/v1/chat/completions", [&](const httplib::Request& req, httplib::Response& res) {
        std::string prompt = json::parse(req.body)["messages"][1]["content"];
        std::string reply;
        std::regex line(R"(^\[(\d+)\] \([^)]*\) (.*)$)", std::regex::multiline);
        for (std::sregex_iterator it(prompt.begin(), prompt.end(), line), end; it != end; ++it) {
          std::string sentence = (*it)[2];
          while (!sentence.empty() && (sentence.back() == '.' || sentence.back() == ' ')) {
            sentence.pop_back();
          }
          reply += alter(sentence) + " [" + (*it)[1].str() + "]. ";
        }
        res.set_content(
            json{{"choices", json::array({{{"message", {{"content", reply}}}}})}}.dump(),
            "application/json");
      });
    });
    LlmOptions options;
    options.url = llm.Url("/v1");
    options.model = "echo";
    LlmComposer composer(options, PassageTextsFrom(store_.get()));
    return composer.Rewrite(extractive);
  }

  static std::string* dir_;
  std::unique_ptr<Store> store_;
};

std::string* LlmPipelineTest::dir_ = nullptr;

TEST_F(LlmPipelineTest, AReplyThatRestatesTheEvidenceKeepsEverySentence) {
  Article extractive = FromStoredPassages();
  size_t evidence = EvidenceOf(extractive).size();
  ASSERT_GE(extractive.sections[0].blocks.size(), 3u);
  ASSERT_GE(extractive.sections[1].blocks.size(), 3u);
  Article answer = RewriteWithEcho(extractive, [](std::string s) { return s; });
  ASSERT_EQ(answer.composer.composer, "llm") << answer.composer.fallback_reason;
  for (const auto& d : answer.composer.dropped) ADD_FAILURE() << d.text << " -> " << d.reason;
  EXPECT_EQ(answer.composer.kept, static_cast<int>(evidence));
  // The same sources, in the same order, with the guidelines first.
  ASSERT_FALSE(answer.sections.empty());
  EXPECT_EQ(answer.sections[0].heading, extractive.sections[0].heading);
  for (const auto& ref : answer.references) {
    EXPECT_TRUE(std::any_of(extractive.references.begin(), extractive.references.end(),
                            [&](const auto& r) { return r.id == ref.id; }))
        << ref.id;
  }
}

TEST_F(LlmPipelineTest, AnAlteredFigureInARealSentenceIsCaught) {
  Article extractive = FromStoredPassages();
  bool altered = false;
  Article answer = RewriteWithEcho(extractive, [&](std::string s) {
    std::smatch number;
    if (!altered && std::regex_search(s, number, std::regex(R"(\b\d+\b)"))) {
      altered = true;
      return number.prefix().str() + "98765" + number.suffix().str();
    }
    return s;
  });
  ASSERT_TRUE(altered) << "no evidence sentence has a number";
  ASSERT_EQ(answer.composer.dropped.size(), 1u);
  EXPECT_THAT(answer.composer.dropped[0].reason, HasSubstr("98765"));
}

TEST(ComposerFlags, LlmNeedsAnEndpointAndAModel) {
  cli::ComposerFlags flags;
  auto extractive = cli::LlmOptionsFrom(flags);
  ASSERT_TRUE(extractive.ok());
  EXPECT_FALSE(extractive->has_value());
  flags.composer = "llm";
  flags.llm_url = "";
  flags.llm_model = "m";
  EXPECT_EQ(cli::LlmOptionsFrom(flags).status().code(), Status::Code::kInvalidArgument);
  flags.llm_url = "http://127.0.0.1:8081/v1";
  flags.llm_model = "";
  EXPECT_EQ(cli::LlmOptionsFrom(flags).status().code(), Status::Code::kInvalidArgument);
  flags.llm_model = "qwen";
  flags.llm_timeout_s = 2.5;
  auto llm = cli::LlmOptionsFrom(flags);
  ASSERT_TRUE(llm.ok());
  ASSERT_TRUE(llm->has_value());
  EXPECT_EQ((*llm)->url, "http://127.0.0.1:8081/v1");
  EXPECT_EQ((*llm)->model, "qwen");
  EXPECT_EQ((*llm)->timeout_ms, 2500);
}

TEST(ComposerFlags, DescribesWhatTheComposerDid) {
  ComposerReport report;
  report.composer = "llm";
  report.model = "qwen";
  report.reply_sentences = 3;
  report.kept = 2;
  report.dropped = {{"It cures everything.", "words not in [1]: cure"}};
  EXPECT_EQ(cli::DescribeComposition(report),
            "composer: llm (qwen): 2 of 3 sentences kept, 1 dropped as unsupported\n"
            "  dropped: \"It cures everything.\" (words not in [1]: cure)\n");
  ComposerReport fallback;
  fallback.fallback_reason = "no reply: Read timeout";
  EXPECT_EQ(cli::DescribeComposition(fallback),
            "composer: extractive (LLM not used: no reply: Read timeout)\n");
}

}  // namespace
}  // namespace evident
