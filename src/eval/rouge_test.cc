#include "eval/rouge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace evident {
namespace {

using ::testing::ElementsAre;
using Tokens = std::vector<std::string>;

Tokens Words(const std::string& text) { return RougeTokenizer(false).Tokenize(text); }

TEST(RougeTokenizer, LowercasesAndSplitsOnEverythingButLettersAndDigits) {
  EXPECT_THAT(Words("Lu-177 DOTATATE's Effects, p<0.05 (n=12)."),
              ElementsAre("lu", "177", "dotatate", "s", "effects", "p", "0", "05", "n", "12"));
  EXPECT_THAT(Words("naïve"), ElementsAre("na", "ve"));  // non-ASCII separates, as in ROUGE
  EXPECT_TRUE(Words(" ,;- ").empty());
}

TEST(RougeTokenizer, StemsWordsLongerThanThreeLettersWithPorter) {
  RougeTokenizer tokenizer(true);
  EXPECT_THAT(tokenizer.Tokenize("Treatments killed the ponies; cats ran"),
              ElementsAre("treatment", "kill", "the", "poni", "cat", "ran"));
  // Three letters and fewer are left alone, as ROUGE-1.5.5 -m does: "was" stays "was".
  EXPECT_THAT(tokenizer.Tokenize("was has generalization"), ElementsAre("was", "has", "gener"));
}

TEST(RougeN, BigramOverlapByHand) {
  // Bigrams: candidate {the cat, cat sat, sat on, on the, the mat}, reference {the cat, cat was,
  // was on, on the, the mat}: 3 shared of 5 and 5.
  RougeScore s = RougeN(Words("the cat sat on the mat"), Words("the cat was on the mat"), 2);
  EXPECT_DOUBLE_EQ(s.precision, 0.6);
  EXPECT_DOUBLE_EQ(s.recall, 0.6);
  EXPECT_DOUBLE_EQ(s.f1, 0.6);
}

TEST(RougeN, RepeatsAreClippedToTheReferenceCount) {
  // "the the" occurs 3 times in the candidate, once in the reference: overlap 1.
  RougeScore s = RougeN(Words("the the the the"), Words("the the"), 2);
  EXPECT_DOUBLE_EQ(s.precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_DOUBLE_EQ(s.f1, 0.5);
}

TEST(RougeN, UnigramsAndDifferentLengths) {
  // ROUGE-1: 4 of the candidate's 4 words in the reference's 8: P 1, R 0.5, F 2/3.
  RougeScore s = RougeN(Words("aspirin reduces stroke risk"),
                        Words("daily aspirin reduces the risk of stroke modestly"), 1);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.f1, 2.0 / 3);
}

TEST(RougeN, EmptyOrTooShortScoresZero) {
  EXPECT_DOUBLE_EQ(RougeN({}, Words("a b"), 2).f1, 0);
  EXPECT_DOUBLE_EQ(RougeN(Words("a"), Words("a b"), 2).f1, 0);  // no bigram in the candidate
  EXPECT_DOUBLE_EQ(RougeN(Words("a b"), Words("c d"), 2).f1, 0);
  EXPECT_DOUBLE_EQ(RougeN(Words("a b"), Words("a b"), 0).f1, 0);
}

TEST(RougeL, LinsPoliceExample) {
  // Lin 2004, section 3.1: reference "police killed the gunman".
  Tokens reference = Words("police killed the gunman");
  // "police kill the gunman": LCS police, the, gunman = 3 of 4 and 4.
  RougeScore s2 = RougeL(Words("police kill the gunman"), reference);
  EXPECT_DOUBLE_EQ(s2.precision, 0.75);
  EXPECT_DOUBLE_EQ(s2.recall, 0.75);
  EXPECT_DOUBLE_EQ(s2.f1, 0.75);
  // "the gunman kill police": LCS the, gunman = 2: order matters, unlike ROUGE-1.
  EXPECT_DOUBLE_EQ(RougeL(Words("the gunman kill police"), reference).f1, 0.5);
  EXPECT_DOUBLE_EQ(RougeN(Words("the gunman kill police"), reference, 1).f1, 0.75);
  // With stemming "killed" and "kill" match: the whole sentence is common.
  RougeTokenizer stem(true);
  EXPECT_DOUBLE_EQ(
      RougeL(stem.Tokenize("police kill the gunman"), stem.Tokenize("police killed the gunman")).f1,
      1.0);
}

TEST(RougeL, LengthsDifferByHand) {
  // LCS of "a b c d e f" and "a x c y f" = a c f = 3: P 3/6, R 3/5, F 2 * 0.5 * 0.6 / 1.1.
  RougeScore s = RougeL(Words("a b c d e f"), Words("a x c y f"));
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.6);
  EXPECT_DOUBLE_EQ(s.f1, 0.6 / 1.1);
  EXPECT_EQ(LongestCommonSubsequence(Words("b a b"), Words("a b b a")), 2u);
  EXPECT_DOUBLE_EQ(RougeL({}, Words("a")).f1, 0);
}

}  // namespace
}  // namespace evident
