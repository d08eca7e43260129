#include "answer/follow_up.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

TEST(FollowUp, RecognisesQuestionsThatLeanOnContext) {
  EXPECT_TRUE(LooksLikeFollowUp("What about kidney toxicity?"));
  EXPECT_TRUE(LooksLikeFollowUp("Is it safe in pregnancy?"));
  EXPECT_TRUE(LooksLikeFollowUp("And in children?"));
  EXPECT_TRUE(LooksLikeFollowUp("Side effects?"));
  EXPECT_FALSE(LooksLikeFollowUp("What is the role of Lu-177 DOTATATE in liver metastases?"));
  EXPECT_FALSE(LooksLikeFollowUp("How is type 2 diabetes treated in older adults?"));
  EXPECT_FALSE(LooksLikeFollowUp(""));
}

TEST(FollowUp, TopicIsTheLatestSelfContainedQuestion) {
  std::vector<ConversationTurn> turns(3);
  turns[0].question = turns[0].resolved_question = "Role of DOTATATE in liver metastases?";
  turns[1].question = "What about kidney toxicity?";
  turns[1].resolved_question = ResolvedFollowUp(turns[1].question, turns[0].question);
  turns[2].question = "And dosing?";
  turns[2].resolved_question = ResolvedFollowUp(turns[2].question, turns[0].question);
  EXPECT_EQ(TopicQuestion(turns), "Role of DOTATATE in liver metastases?");
  EXPECT_EQ(TopicQuestion({}), "");
  EXPECT_EQ(turns[1].resolved_question,
            "What about kidney toxicity? (in the context of: Role of DOTATATE in liver "
            "metastases?)");
}

}  // namespace
}  // namespace evident
