#include "answer/sentence_role.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

struct Case {
  const char* sentence;
  SentenceRole role;
};

TEST(SentenceRole, ClassifiesRealSentences) {
  const Case cases[] = {
      {"In patients with extensive liver involvement, median time to progression was shorter "
       "(26 months) compared with patients who had stable disease.",
       SentenceRole::kEfficacy},
      {"Lutetium Lu 177-dotatate is used in adults and children aged 12 years and older whose "
       "cancer is somatostatin receptor positive.",
       SentenceRole::kPatientSelection},
      {"The recommended dose is 7.4 GBq every 8 weeks for a total of 4 doses.",
       SentenceRole::kDosing},
      {"Grade 3 or 4 hematologic toxicity occurred in 9% of patients.", SentenceRole::kSafety},
      {"However, the study was limited by its small sample size.", SentenceRole::kLimitation},
      {"The USPSTF recommends screening for colorectal cancer in adults aged 45 to 49 years.",
       SentenceRole::kRecommendation},
      {"Neuroendocrine tumors are a type of cancer that forms in hormone-making cells.",
       SentenceRole::kDefinition},
      {"Carcinoid tumors were first described in the early twentieth century.",
       SentenceRole::kBackground},
      {"The overall response rate was 18% with 177Lu-DOTATATE versus 3% with octreotide.",
       SentenceRole::kEfficacy},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ClassifySentenceRole(c.sentence), c.role) << c.sentence;
  }
}

TEST(SentenceRole, HeadingsAndLabelsAreNamed) {
  EXPECT_STREQ(SentenceRoleHeading(SentenceRole::kLimitation),
               "Limitations or conflicting evidence");
  EXPECT_STREQ(SentenceRoleKeyPointLabel(SentenceRole::kSafety), "Monitoring and safety");
}

}  // namespace
}  // namespace evident
