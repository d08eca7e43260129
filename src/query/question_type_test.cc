#include "query/question_type.h"

#include <gtest/gtest.h>

namespace evident {
namespace {

struct Case {
  const char* question;
  QuestionType expected;
};

// Clinician, patient and BioASQ-style questions (several taken from the BioASQ dev set).
const Case kCases[] = {
    {"What is the role of Dotatate (Somatostatin analog) in liver metastases?",
     QuestionType::kTreatment},
    {"How should metastatic colorectal cancer be treated after oxaliplatin failure?",
     QuestionType::kTreatment},
    {"Is pimavanserin effective for Parkinson's disease psychosis?", QuestionType::kTreatment},
    {"Which cancers can be treated with Selpercatinib?", QuestionType::kTreatment},
    {"Is pembrolizumab effective against Ewing's sarcoma?", QuestionType::kTreatment},
    {"What is the first-line therapy for Helicobacter pylori infection?", QuestionType::kTreatment},
    {"Does adjuvant chemotherapy improve survival in stage II colon cancer?",
     QuestionType::kTreatment},
    {"What are the side effects of metformin?", QuestionType::kAdverseEffects},
    {"Is lutetium Lu 177 dotatate nephrotoxic?", QuestionType::kAdverseEffects},
    {"What about kidney toxicity?", QuestionType::kAdverseEffects},
    {"Is it safe to take ibuprofen during pregnancy?", QuestionType::kAdverseEffects},
    {"What is the recommended dose of Lu-177 DOTATATE?", QuestionType::kDosing},
    {"How much vitamin D should I take a day?", QuestionType::kDosing},
    {"How is celiac disease diagnosed?", QuestionType::kDiagnosis},
    {"Which biomarkers are currently used for Duchenne Muscular Dystrophy?",
     QuestionType::kDiagnosis},
    {"What are the symptoms of a heart attack in women?", QuestionType::kDiagnosis},
    {"At what age should women start mammography screening?", QuestionType::kScreening},
    {"Should I get tested for colon cancer if my father had it?", QuestionType::kScreening},
    {"What is the prognosis of pancreatic neuroendocrine tumors?", QuestionType::kPrognosis},
    {"What is the 5-year survival of patients with glioblastoma?", QuestionType::kPrognosis},
    {"How long will I live with stage 4 lung cancer?", QuestionType::kPrognosis},
    {"What is pseudodementia?", QuestionType::kDefinition},
    {"What is Hemochromatosis?", QuestionType::kDefinition},
    {"What are organoids?", QuestionType::kDefinition},
    {"What does PRRT stand for?", QuestionType::kDefinition},
    {"What is the mechanism of action of magrolimab?", QuestionType::kMechanism},
    {"Which enzyme is inhibited by Aramchol?", QuestionType::kMechanism},
    {"Which receptor is modulated with Siponimod?", QuestionType::kMechanism},
    {"What is the role of cytidine deaminase in healthy cells?", QuestionType::kMechanism},
    {"How does condensin affect the function of topoisomeraseII?", QuestionType::kMechanism},
    {"What are the risk factors for gastric cancer?", QuestionType::kEpidemiology},
    {"What causes sugar diabetes?", QuestionType::kEpidemiology},
    {"What is the prevalence of celiac disease in Europe?", QuestionType::kEpidemiology},
    {"Which loss-of-function ABCC8 mutation is associated with Pulmonary Arterial Hypertension?",
     QuestionType::kEpidemiology},
    {"Can aspirin prevent colorectal cancer?", QuestionType::kPrevention},
    {"Is the HPV vaccine recommended for boys?", QuestionType::kPrevention},
    {"Is Eflornithine and Sulindac are effective for prevention of progression in Familial "
     "Adenomatous Polyposis?",
     QuestionType::kPrevention},
    {"Where in the body, is ghrelin secreted?", QuestionType::kGeneral},
    {"Unlike DNA, RNA is not methylated, yes or no?", QuestionType::kGeneral},
    {"", QuestionType::kGeneral},
};

TEST(ClassifyQuestion, RecognisesTheTypeOfRealQuestions) {
  for (const Case& c : kCases) {
    EXPECT_STREQ(QuestionTypeName(ClassifyQuestion(c.question)), QuestionTypeName(c.expected))
        << c.question;
  }
}

TEST(QuestionTypeName, IsStableLowerCase) {
  EXPECT_STREQ(QuestionTypeName(QuestionType::kAdverseEffects), "adverse_effects");
  EXPECT_STREQ(QuestionTypeName(QuestionType::kTreatment), "treatment");
  EXPECT_STREQ(QuestionTypeName(QuestionType::kEpidemiology), "epidemiology");
  EXPECT_STREQ(QuestionTypeName(QuestionType::kGeneral), "general");
}

}  // namespace
}  // namespace evident
