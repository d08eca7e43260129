#include "answer/abbreviation_definitions.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

using Defs = std::vector<std::pair<std::string, std::string>>;

Defs Find(const std::string& text) {
  Defs out;
  for (const auto& d : FindAbbreviationDefinitions(text))
    out.emplace_back(d.long_form, d.short_form);
  return out;
}

TEST(AbbreviationDefinitions, LongFormBeforeTheParenthesis) {
  EXPECT_EQ(Find("Ultraconserved elements (UCEs) show the peculiar feature to retain identity."),
            (Defs{{"Ultraconserved elements", "UCEs"}}));
  EXPECT_EQ(Find("the role of the IFIT1 gene in Systemic Lupus Erythematosus (SLE)?"),
            (Defs{{"Systemic Lupus Erythematosus", "SLE"}}));
}

TEST(AbbreviationDefinitions, OnlyTheWordsTheLettersNeed) {
  // Not "We studied patients with heart failure": the letters stop at "heart".
  EXPECT_EQ(Find("We studied patients with heart failure (HF) for a year."),
            (Defs{{"heart failure", "HF"}}));
  // "The" before the long form is not part of it.
  EXPECT_EQ(Find("The Enhancing Neuro Imaging Genetics through Meta-Analysis (ENIGMA) Consortium"),
            (Defs{{"Enhancing Neuro Imaging Genetics through Meta-Analysis", "ENIGMA"}}));
}

TEST(AbbreviationDefinitions, ShortFormBeforeTheParenthesis) {
  EXPECT_EQ(
      Find("We described here MBV (Match BAM to VCF); a method to quickly solve mislabeling."),
      (Defs{{"Match BAM to VCF", "MBV"}}));
}

TEST(AbbreviationDefinitions, ParenthesesThatDefineNothing) {
  EXPECT_TRUE(Find("Survival was longer (p < 0.05) in the treated group.").empty());
  EXPECT_TRUE(Find("The cohort (n = 131) was followed (Fig. 2).").empty());
  EXPECT_TRUE(Find("Median OS was 48.0 months (95% CI) in the group.").empty());
  // Letters that do not occur in order before the parenthesis.
  EXPECT_TRUE(Find("patients were treated with drugs (XYZ) daily").empty());
  // A parenthesis never closed.
  EXPECT_TRUE(Find("heart failure (HF").empty());
}

}  // namespace
}  // namespace evident
