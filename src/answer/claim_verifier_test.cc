#include "answer/claim_verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Real sentences of the corpus (NETTER-1, PubMed 28076709; NCI PDQ GI-NET treatment).
const std::vector<std::string> kSources = {
    "Treatment with 177Lu-Dotatate resulted in markedly longer progression-free survival and a "
    "significantly higher response rate than high-dose octreotide LAR among patients with "
    "advanced midgut neuroendocrine tumors. At the data-cutoff date for the primary end point, "
    "the estimated rate of progression-free survival at month 20 was 65.2% in the 177Lu-Dotatate "
    "group and 10.8% in the control group.",
    "A total of 229 patients were randomly assigned. Clinically significant myelosuppression "
    "occurred in less than 10% of patients in the 177Lu-Dotatate group.",
    "Somatostatin analogues are not recommended for patients without symptoms.",
};

TEST(ParseClaim, TakesOutMarkersAndKeepsTheirNumbersInOrder) {
  Claim c = ParseClaim("Lu-177 prolonged PFS [1, 3] and OS [2][3].");
  EXPECT_EQ(c.text, "Lu-177 prolonged PFS and OS.");
  EXPECT_THAT(c.citations, ElementsAre(1, 3, 2));
  EXPECT_THAT(ParseClaim("Shown before [2-4].").citations, ElementsAre(2, 3, 4));
  EXPECT_TRUE(ParseClaim("No citation here.").citations.empty());
  // Brackets that are not markers stay text.
  Claim kept = ParseClaim("The rate [95% CI] was reported [1].");
  EXPECT_EQ(kept.text, "The rate [95% CI] was reported.");
  EXPECT_THAT(kept.citations, ElementsAre(1));
}

class ClaimVerifierTest : public ::testing::Test {
 protected:
  ClaimCheck Check(const std::string& sentence) { return verifier_.Check(ParseClaim(sentence)); }
  ClaimVerifier verifier_{kSources};
};

TEST_F(ClaimVerifierTest, AFaithfulRewordingIsSupported) {
  for (const char* s :
       {"177Lu-Dotatate resulted in longer progression-free survival than high-dose "
        "octreotide LAR in advanced midgut neuroendocrine tumors [1].",
        "The estimated progression-free survival rate at month 20 was 65.2% with "
        "177Lu-Dotatate and 10.8% in the control group [1].",
        "In total, 229 patients were randomly assigned [2].",
        "However, studies showed that myelosuppression occurred in less than 10% of patients "
        "[2].",
        "The estimated rate of progression-free survival at month twenty was 65.2% [1]."}) {
    ClaimCheck check = Check(s);
    EXPECT_TRUE(check.supported) << s << " -> " << check.reason;
  }
}

TEST_F(ClaimVerifierTest, CatchesAnInventedOrAlteredNumber) {
  ClaimCheck check =
      Check("The progression-free survival rate at month 20 was 75.2% with 177Lu-Dotatate [1].");
  EXPECT_FALSE(check.supported);
  EXPECT_THAT(check.reason, HasSubstr("75.2"));
  EXPECT_FALSE(Check("A total of 292 patients were randomly assigned [2].").supported);
  EXPECT_FALSE(Check("Myelosuppression occurred in three of patients [2].").supported);
  // A number is looked for in the cited source only.
  EXPECT_FALSE(Check("A total of 229 patients were randomly assigned [1].").supported);
}

TEST_F(ClaimVerifierTest, CatchesACitationToNoSourceAndASentenceWithoutOne) {
  ClaimCheck none = Check("177Lu-Dotatate prolonged progression-free survival [4].");
  EXPECT_FALSE(none.supported);
  EXPECT_THAT(none.reason, HasSubstr("[4]"));
  EXPECT_FALSE(Check("177Lu-Dotatate prolonged progression-free survival [0].").supported);
  ClaimCheck uncited = Check("177Lu-Dotatate resulted in longer progression-free survival.");
  EXPECT_FALSE(uncited.supported);
  EXPECT_THAT(uncited.reason, HasSubstr("cites no source"));
}

TEST_F(ClaimVerifierTest, CatchesAClaimTheSourcesDoNotMake) {
  ClaimCheck check =
      Check("177Lu-Dotatate also reverses Alzheimer disease in elderly patients [1].");
  EXPECT_FALSE(check.supported);
  EXPECT_THAT(check.reason, HasSubstr("alzheim"));
  // One swapped word is a different claim.
  EXPECT_FALSE(Check("177Lu-Dotatate resulted in longer progression-free survival than "
                     "high-dose octreotide LAR in advanced pancreatic neuroendocrine tumors [1].")
                   .supported);
}

TEST_F(ClaimVerifierTest, CatchesANegationOrComparisonTheSourcesDoNotHave) {
  EXPECT_FALSE(
      Check("177Lu-Dotatate did not result in longer progression-free survival [1].").supported);
  EXPECT_FALSE(Check("177Lu-Dotatate doesn't prolong progression-free survival [1].").supported);
  EXPECT_FALSE(Check("Myelosuppression occurred in more than 10% of patients [2].").supported);
  // ...and accepts them where the source has them.
  ClaimCheck check = Check("Somatostatin analogues are not recommended without symptoms [3].");
  EXPECT_TRUE(check.supported) << check.reason;
}

TEST_F(ClaimVerifierTest, SupportMayComeFromAnyCitedSource) {
  ClaimCheck check = Check(
      "Among 229 randomly assigned patients, 177Lu-Dotatate had a higher response rate [1, 2].");
  EXPECT_TRUE(check.supported) << check.reason;
}

TEST_F(ClaimVerifierTest, ASentenceWithNothingToCheckIsNotSupport) {
  EXPECT_FALSE(Check("However, studies showed [1].").supported);
}

TEST(ClaimVerifier, AThresholdBelowOneToleratesSomeNewWords) {
  ClaimVerifier lenient(kSources, {.min_word_support = 0.7});
  ClaimCheck check = lenient.Check(ParseClaim(
      "177Lu-Dotatate markedly prolonged progression-free survival in midgut neuroendocrine "
      "tumours [1]."));
  EXPECT_TRUE(check.supported) << check.reason;
  ClaimVerifier strict(kSources);
  EXPECT_FALSE(strict
                   .Check(ParseClaim("177Lu-Dotatate markedly prolonged progression-free survival "
                                     "in midgut neuroendocrine tumours [1]."))
                   .supported);
}

}  // namespace
}  // namespace evident
