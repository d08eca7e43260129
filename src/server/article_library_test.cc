#include "server/article_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "common/testing.h"
#include "server/fake_answer_service.h"

namespace evident {
namespace {

using ::testing::HasSubstr;

class ArticleLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto made = testing::FakeAnswerServiceFactory(testing::TempDir() + "/evident.db", &stats_)();
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    service_ = std::move(*made);
  }
  ArticleLibrary Library() {
    return ArticleLibrary(*service_, [this] { return "conv" + std::to_string(++ids_); });
  }

  testing::FakeAnswerStats stats_;
  std::unique_ptr<AnswerService> service_;
  int ids_ = 0;
};

TEST(NormaliseQuestion, IgnoresCaseSpacingAndPunctuation) {
  EXPECT_EQ(NormaliseQuestion("  What is  HbA1c? "), "what is hba1c");
  EXPECT_EQ(NormaliseQuestion("what is hba1c"), "what is hba1c");
  EXPECT_EQ(NormaliseQuestion("177Lu-DOTATATE (Lutathera)"), "177lu dotatate lutathera");
  EXPECT_EQ(NormaliseQuestion("?!"), "");
}

TEST(ConversationId, AcceptsOnlyShortTokens) {
  EXPECT_TRUE(IsValidConversationId("0123abcd-_X"));
  EXPECT_FALSE(IsValidConversationId(""));
  EXPECT_FALSE(IsValidConversationId("a b"));
  EXPECT_FALSE(IsValidConversationId(std::string(65, 'a')));
}

TEST(ConversationId, NewOnesAre128RandomBits) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewConversationId();
    EXPECT_EQ(id.size(), 32u) << id;  // was 16 hex digits of a Mersenne Twister seeded with 32 bits
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_TRUE(IsValidConversationId(id));
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST_F(ArticleLibraryTest, SameQuestionReturnsTheSavedArticleWithoutComposing) {
  auto lib = Library();
  auto first =
      lib.Ask("What is the role of Dotatate in liver metastases?", Audience::kPhysician, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->composed);
  EXPECT_EQ(first->article["slug"], "role-of-dotatate-in-liver-metastases");
  EXPECT_EQ(first->article["conversation_id"], "conv1");
  auto again =
      lib.Ask("what is the ROLE of dotatate in liver metastases", Audience::kPhysician, "");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->composed);
  EXPECT_EQ(stats_.asks, 1);
  EXPECT_EQ(again->article["slug"], first->article["slug"]);
  EXPECT_EQ(again->article["sections"], first->article["sections"]);
  EXPECT_EQ(again->article["conversation_id"], "conv2");  // each asker their own conversation
  auto saved = service_->store().GetArticle("role-of-dotatate-in-liver-metastases", "physician");
  ASSERT_TRUE(saved.ok());
  EXPECT_THAT(saved->content, ::testing::Not(HasSubstr("conversation_id")));
}

TEST_F(ArticleLibraryTest, AnotherQuestionWithTheSameSlugGetsItsOwnSlug) {
  auto lib = Library();
  auto a = lib.Ask("What is the role of dotatate in liver metastases?", Audience::kPhysician, "");
  auto b = lib.Ask("The role of dotatate in liver metastases (a review)?", Audience::kPatient, "");
  ASSERT_TRUE(a.ok() && b.ok());
  std::string slug_b = b->article["slug"];
  EXPECT_NE(slug_b, a->article["slug"]);
  EXPECT_EQ(slug_b.rfind("role-of-dotatate-in-liver-metastases-", 0), 0u) << slug_b;
  // Asked again, each question finds its own article.
  auto b2 = lib.Ask("the role of dotatate in liver metastases (a review)", Audience::kPatient, "");
  ASSERT_TRUE(b2.ok());
  EXPECT_FALSE(b2->composed);
  EXPECT_EQ(b2->article["slug"], slug_b);
}

TEST_F(ArticleLibraryTest, VisitingForAnotherAudienceComposesAndSavesThatVersion) {
  auto lib = Library();
  auto asked = lib.Ask("How is hepatitis C treated?", Audience::kPhysician, "");
  ASSERT_TRUE(asked.ok());
  std::string slug = asked->article["slug"];
  auto patient = lib.Get(slug, Audience::kPatient);
  ASSERT_TRUE(patient.ok()) << patient.status().ToString();
  EXPECT_TRUE(patient->composed);
  EXPECT_EQ(patient->article["audience"], "patient");
  EXPECT_EQ(patient->article["slug"], slug);
  EXPECT_EQ(patient->article["disclaimer"], Disclaimer(Audience::kPatient));
  auto again = lib.Get(slug, Audience::kPatient);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->composed);
  EXPECT_EQ(stats_.asks, 2);
}

TEST_F(ArticleLibraryTest, ArticlesCarryTheirReviewAndSavedVersionsLeaveOutTheDay) {
  auto asked = Library().Ask("How is hepatitis C treated?", Audience::kPhysician, "");
  ASSERT_TRUE(asked.ok());
  const auto& a = asked->article;
  EXPECT_EQ(a["status"], "submitted");
  EXPECT_EQ(a["reviewed_by"], nlohmann::json::array());
  EXPECT_TRUE(a["approved_version"].is_null());
  EXPECT_EQ(a["version"], 1);
  EXPECT_EQ(a["update_under_review"], false);
  EXPECT_EQ(a["last_updated"].get<std::string>().size(), 10u);  // the version's date
  std::string slug = a["slug"];
  auto version = service_->store().GetArticleVersion(slug, "physician", 1);
  ASSERT_TRUE(version.ok());
  EXPECT_THAT(version->content, ::testing::Not(HasSubstr("last_updated")));
  EXPECT_THAT(version->content, ::testing::Not(HasSubstr("\"status\"")));
  EXPECT_EQ(version->cited_ids,
            (std::vector<std::string>{"nci:pdq:gi-net", "pmid:15837990", "pmid:26536001"}));
}

// An approved article whose sources were retracted or deleted since (PubMed updates) is still
// given out, with the withdrawn references marked and the article saying so.
TEST_F(ArticleLibraryTest, ReferencesWithdrawnSinceTheArticleWasComposedAreMarked) {
  auto lib = Library();
  auto asked = lib.Ask("How is hepatitis C treated?", Audience::kPhysician, "");
  ASSERT_TRUE(asked.ok());
  EXPECT_EQ(asked->article["withdrawn_evidence"], false);
  for (const auto& ref : asked->article["references"]) {
    EXPECT_FALSE(ref.contains("retracted") || ref.contains("removed")) << ref;
  }
  std::string slug = asked->article["slug"];
  Store& store = service_->store();
  for (auto [from, to] : {std::pair{ReviewStatus::kSubmitted, ReviewStatus::kUnderReview},
                          std::pair{ReviewStatus::kUnderReview, ReviewStatus::kApproved}}) {
    ASSERT_TRUE(store.Transition({slug, "physician", 1, from, to, "alice", ""}).ok());
  }

  // A notice retracts reference 3, and reference 1 is deleted.
  DocumentRecord notice;
  notice.doc.id = "pmid:777";
  notice.doc.title = "Retraction notice";
  notice.doc.attributes["retraction_of"] = "pmid:26536001";
  ASSERT_TRUE(store.PutDocuments({notice}, nullptr).ok());
  ASSERT_TRUE(store.MarkRetractions(nullptr).ok());
  ASSERT_TRUE(store.DeleteDocuments({"nci:pdq:gi-net"}, nullptr).ok());

  auto got = lib.Get(slug, Audience::kPhysician);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const auto& a = got->article;
  EXPECT_EQ(a["status"], "approved");  // the approved version, shown with the warning
  EXPECT_EQ(a["withdrawn_evidence"], true);
  const auto& refs = a["references"];
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0]["removed"], true);
  EXPECT_FALSE(refs[0].contains("retracted"));
  EXPECT_FALSE(refs[1].contains("removed"));  // a study carried through, never in the corpus
  EXPECT_EQ(refs[2]["retracted"], true);
  EXPECT_EQ(refs[2]["retraction_notice"], "pmid:777");
  // Marked on the way out, never saved.
  auto version = store.GetArticleVersion(slug, "physician", 1);
  ASSERT_TRUE(version.ok());
  EXPECT_THAT(version->content, ::testing::Not(HasSubstr("retracted")));
}

TEST_F(ArticleLibraryTest, AfterTheIndexChangesAnArticleIsComposedAgainButVersionedOnlyIfChanged) {
  stats_.generation = "gen-1";
  auto lib = Library();
  auto first = lib.Ask("How is hepatitis C treated?", Audience::kPhysician, "");
  ASSERT_TRUE(first.ok());
  std::string slug = first->article["slug"];
  EXPECT_FALSE(lib.Get(slug, Audience::kPhysician)->composed);
  EXPECT_EQ(stats_.asks, 1);

  // A new index that answers the same: composed again, no new version, not again after that.
  stats_.generation = "gen-2";
  auto same = lib.Get(slug, Audience::kPhysician);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_TRUE(same->composed);
  EXPECT_EQ(same->article["version"], 1);
  EXPECT_FALSE(lib.Get(slug, Audience::kPhysician)->composed);
  EXPECT_FALSE(lib.Ask("how is hepatitis c treated", Audience::kPhysician, "")->composed);
  EXPECT_EQ(stats_.asks, 2);
  EXPECT_EQ(service_->store().GetArticle(slug, "physician")->index_generation, "gen-2");

  // A new index that answers differently: a new version, back to Submitted.
  stats_.generation = "gen-3";
  stats_.edition = 1;
  auto changed = lib.Get(slug, Audience::kPhysician);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->article["version"], 2);
  EXPECT_EQ(changed->article["status"], "submitted");
  EXPECT_EQ(changed->article["question"], "How is hepatitis C treated?");
  EXPECT_THAT(changed->article["sections"][0]["blocks"][0]["text"].get<std::string>(),
              HasSubstr("Edition 1"));
  EXPECT_EQ(service_->store().GetArticleVersion(slug, "physician", 2)->index_generation, "gen-3");
}

TEST_F(ArticleLibraryTest, TheExtractiveReportIsGivenOutButNotSaved) {
  auto lib = Library();
  auto first = lib.Ask("What is the role of Dotatate?", Audience::kPhysician, "");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->article["composer"], nlohmann::json({{"composer", "extractive"}}));
  // Saved as articles were before there were reports, so that they still read the same.
  auto saved = service_->store().GetArticle(first->article["slug"], "physician");
  ASSERT_TRUE(saved.ok());
  EXPECT_THAT(saved->content, ::testing::Not(HasSubstr("\"composer\"")));
  auto again = lib.Get(first->article["slug"], Audience::kPhysician);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->article["composer"], first->article["composer"]);
}

TEST_F(ArticleLibraryTest, UnknownSlugIsNotFound) {
  auto got = Library().Get("never-asked", Audience::kPhysician);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(got.status().IsNotFound());
}

TEST_F(ArticleLibraryTest, FollowUpIsReadInItsConversationAndSavedUnderTheResolvedQuestion) {
  auto lib = Library();
  auto first =
      lib.Ask("What is the role of Lu-177 DOTATATE in liver metastases?", Audience::kPhysician, "");
  ASSERT_TRUE(first.ok());
  std::string conversation = first->article["conversation_id"];
  auto follow = lib.Ask("What about kidney toxicity?", Audience::kPhysician, conversation);
  ASSERT_TRUE(follow.ok()) << follow.status().ToString();
  EXPECT_EQ(follow->article["conversation_id"], conversation);
  EXPECT_THAT(follow->article["resolved_question"].get<std::string>(),
              HasSubstr("in the context of: What is the role of Lu-177"));
  auto turns = service_->store().GetConversation(conversation);
  ASSERT_TRUE(turns.ok());
  ASSERT_EQ(turns->size(), 2u);
  EXPECT_EQ((*turns)[1].slug, follow->article["slug"]);
  auto saved = service_->store().GetArticle(follow->article["slug"], "physician");
  ASSERT_TRUE(saved.ok());
  EXPECT_THAT(saved->question, HasSubstr("in the context of"));
}

TEST_F(ArticleLibraryTest, ConversationForContinuesItsOwnPageOrStartsFromThePage) {
  auto lib = Library();
  auto first = lib.Ask("What are the side effects of tamoxifen?", Audience::kPhysician, "");
  ASSERT_TRUE(first.ok());
  std::string slug = first->article["slug"], conversation = first->article["conversation_id"];
  auto same = lib.ConversationFor(slug, conversation);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, conversation);
  // A shared link, or a cookie from another page: a new conversation seeded with this article.
  auto fresh = lib.ConversationFor(slug, "stale-id");
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(*fresh, conversation);
  auto turns = service_->store().GetConversation(*fresh);
  ASSERT_TRUE(turns.ok());
  ASSERT_EQ(turns->size(), 1u);
  EXPECT_EQ((*turns)[0].slug, slug);
  EXPECT_TRUE(lib.ConversationFor("never-asked", "").status().IsNotFound());
}

TEST_F(ArticleLibraryTest, RejectsEmptyOverlongQuestionsAndBadConversationIds) {
  auto lib = Library();
  EXPECT_EQ(lib.Ask(" ?? ", Audience::kPhysician, "").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(
      lib.Ask(std::string(kMaxQuestionBytes + 1, 'a'), Audience::kPhysician, "").status().code(),
      Status::Code::kInvalidArgument);
  EXPECT_EQ(lib.Ask("ok question", Audience::kPhysician, "bad id!").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(stats_.asks, 0);
}

TEST_F(ArticleLibraryTest, RecentListsEachSlugOnceNewestFirst) {
  auto lib = Library();
  ASSERT_TRUE(lib.Ask("How is hepatitis C treated?", Audience::kPhysician, "").ok());
  ASSERT_TRUE(lib.Get("hepatitis-c-treated", Audience::kPatient).ok());
  ASSERT_TRUE(lib.Ask("What are the side effects of tamoxifen?", Audience::kPhysician, "").ok());
  auto recent = lib.Recent(5);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 2u);
  std::set<std::string> slugs = {(*recent)[0].slug, (*recent)[1].slug};
  EXPECT_EQ(slugs, (std::set<std::string>{"hepatitis-c-treated", "side-effects-of-tamoxifen"}));
}

}  // namespace
}  // namespace evident
