#include "eval/conclusion_match.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

constexpr const char* kConclusion =
    "DBE appears to be equally safe and effective in the community setting. "
    "Larger studies are needed to confirm these findings.";

ConclusionMatch Match(const std::vector<std::string>& answer,
                      const std::string& conclusion = kConclusion) {
  RougeTokenizer tokenizer(true);
  return MatchConclusion(answer, conclusion, tokenizer);
}

TEST(MatchConclusion, EverySentenceQuotedIsAll) {
  ConclusionMatch m =
      Match({"Larger studies are needed to confirm these findings.", "Unrelated sentence here.",
             "DBE appears to be equally safe and effective in the community setting."});
  EXPECT_EQ(m.sentences, 2u);
  EXPECT_EQ(m.found, 2u);
  EXPECT_TRUE(m.all());
  EXPECT_TRUE(m.any());
}

TEST(MatchConclusion, OneOfTwoIsAnyButNotAll) {
  ConclusionMatch m = Match({"Larger studies are needed to confirm these findings."});
  EXPECT_EQ(m.found, 1u);
  EXPECT_FALSE(m.all());
  EXPECT_TRUE(m.any());
}

TEST(MatchConclusion, SmallCopyDifferencesAndSurroundingWordsStillMatch) {
  // 12 gold tokens; the answer sentence differs in case, punctuation, one inflection (stemmed
  // away) and adds words around it: recall 12/12.
  EXPECT_TRUE(Match({"Overall, DBE appeared to be equally safe and effective in the community "
                     "settings [12], as in referral centres."},
                    "DBE appears to be equally safe and effective in the community setting.")
                  .all());
  // One of 12 tokens missing ("equally"): recall 11/12 = 0.92 >= 0.8.
  EXPECT_TRUE(Match({"DBE appears to be safe and effective in the community setting."},
                    "DBE appears to be equally safe and effective in the community setting.")
                  .all());
}

TEST(MatchConclusion, TheThresholdIsOnRecallOfTheGoldSentence) {
  // Gold: 10 tokens "a b c d e f g h i j". The answer has 8 of them in order: 0.8, found;
  // 7 of them: 0.7, not found.
  const std::string gold = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet.";
  EXPECT_TRUE(Match({"Alpha bravo charlie delta echo foxtrot golf hotel."}, gold).all());
  EXPECT_FALSE(Match({"Alpha bravo charlie delta echo foxtrot golf."}, gold).any());
  // In the wrong order the words do not count: LCS, not bag of words.
  EXPECT_FALSE(
      Match({"Juliet india hotel golf foxtrot echo delta charlie bravo alpha."}, gold).any());
}

TEST(MatchConclusion, SentencesAreMatchedOneAnswerSentenceAtATime) {
  // Each answer sentence holds half of the gold sentence: together they would cover it, but no
  // single sentence does.
  const std::string gold = "Alpha bravo charlie delta echo foxtrot golf hotel india juliet.";
  EXPECT_FALSE(
      Match({"Alpha bravo charlie delta echo.", "Foxtrot golf hotel india juliet."}, gold).any());
}

TEST(MatchConclusion, NoConclusionOrNoAnswer) {
  EXPECT_EQ(Match({"Anything."}, "").sentences, 0u);
  EXPECT_FALSE(Match({"Anything."}, "").all());
  EXPECT_FALSE(Match({}).any());
}

}  // namespace
}  // namespace evident
