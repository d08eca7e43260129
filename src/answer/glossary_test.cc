#include "answer/glossary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/testing.h"

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

// Consumer passages that mention `word` (and nothing defined), to make it common in patient text.
void AddCommonUse(GlossaryBuilder* builder, const std::string& word, int passages) {
  for (int i = 0; i < passages; ++i) {
    std::string id = "medquad:common:" + word + std::to_string(i);
    std::string text = "Many people hear about " + word + " from their care team.";
    builder->Add({id + "#0", id, "What to expect", text, true});
  }
}

// Consumer passages that mention nothing of interest, so that rates are measured over a corpus.
void AddFiller(GlossaryBuilder* builder, int passages) {
  for (int i = 0; i < passages; ++i) {
    std::string id = "medquad:filler:" + std::to_string(i);
    builder->Add({id + "#0", id, "Living well", "Walking every day helps you feel better.", true});
  }
}

const GlossaryEntry* Find(const std::vector<GlossaryEntry>& entries, const std::string& term) {
  for (const auto& e : entries) {
    if (e.term == term) return &e;
  }
  return nullptr;
}

TEST(GlossaryBuilder, TakesIsADefinitionsFromThePageAboutTheTerm) {
  GlossaryBuilder builder;
  AddFiller(&builder, 100);
  builder.Add({"medquad:nb#0", "medquad:nb", "What is (are) Neuroblastoma?",
               "Neuroblastoma is a type of cancer that forms in nerve tissue. It often begins in "
               "the adrenal glands.",
               true});
  auto entries = builder.Build();
  const GlossaryEntry* nb = Find(entries, "neuroblastoma");
  ASSERT_NE(nb, nullptr);
  EXPECT_EQ(nb->gloss, "a type of cancer that forms in nerve tissue");
  EXPECT_EQ(nb->definition, "Neuroblastoma is a type of cancer that forms in nerve tissue.");
  EXPECT_EQ(nb->passage_id, "medquad:nb#0");
  EXPECT_EQ(nb->doc_id, "medquad:nb");
  EXPECT_NE(nb->definition.find(nb->gloss), std::string::npos);
}

TEST(GlossaryBuilder, SkipsTheParenthesisAfterTheSubjectAndLeadingArticles) {
  GlossaryBuilder builder;
  AddFiller(&builder, 100);
  builder.Add({"nci:hypothalamus#0", "nci:hypothalamus", "What is the hypothalamus?",
               "The hypothalamus (part of the brain) is an organ the size of an almond that "
               "makes hormones.",
               true});
  auto entries = builder.Build();
  const GlossaryEntry* entry = Find(entries, "hypothalamus");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->gloss, "an organ the size of an almond that makes hormones");
}

TEST(GlossaryBuilder, IgnoresProfessionalPassagesAndSentencesThatDoNotDefine) {
  GlossaryBuilder builder;
  AddFiller(&builder, 100);
  builder.Add({"pmid:1#0", "pmid:1", "Neuroblastoma outcomes",
               "Neuroblastoma is a type of cancer that forms in nerve tissue.", false});
  builder.Add({"medquad:x#0", "medquad:x", "What causes hearing loss?",
               "Radiotherapy is a major risk factor for hearing loss in children. This is a type "
               "of problem that can last. Hypertension is the most common cause of it.",
               true});
  EXPECT_THAT(builder.Build(), IsEmpty());
}

TEST(GlossaryBuilder, NeedsTwoPassagesToAgreeOnAnInlineGloss) {
  GlossaryBuilder builder;
  AddFiller(&builder, 100);
  builder.Add({"nci:all#0", "nci:all", "Adult ALL",
               "The bone marrow makes too many lymphocytes (a type of white blood cell).", true});
  builder.Add({"nci:cll#0", "nci:cll", "Chronic leukemia",
               "In this leukemia the body makes too many lymphocytes (a type of white blood cell).",
               true});
  builder.Add({"nci:x#0", "nci:x", "Other",
               "Doctors looked at the angiogenesis (new vessels growing) in the sample.", true});
  auto entries = builder.Build();
  ASSERT_THAT(entries, ElementsAre(Field(&GlossaryEntry::term, "lymphocytes")));
  EXPECT_EQ(entries[0].gloss, "a type of white blood cell");
  EXPECT_EQ(entries[0].votes, 2);
  EXPECT_EQ(entries[0].passage_id, "nci:all#0");  // the first met
}

TEST(GlossaryBuilder, KeepsOnlyHardWordsThatPatientPagesRarelyUse) {
  GlossaryBuilder builder;
  AddFiller(&builder, 100);
  // "chemotherapy" is hard but everywhere in patient text; "liver" is common English (2
  // syllables); "radionuclide" is hard and rare.
  AddCommonUse(&builder, "chemotherapy", 10);
  for (const auto& [title, text] : std::vector<std::pair<std::string, std::string>>{
           {"What is chemotherapy?", "Chemotherapy is a type of treatment that uses drugs."},
           {"What is the liver?", "The liver is an organ that cleans the blood."},
           {"Radionuclide scan", "A radionuclide is a type of atom that gives off radiation."}}) {
    builder.Add({"nci:" + title + "#0", "nci:" + title, title, text, true});
  }
  auto entries = builder.Build();
  ASSERT_THAT(entries, ElementsAre(Field(&GlossaryEntry::term, "radionuclide")));
  EXPECT_LT(entries[0].consumer_rate, kMaxJargonConsumerRate);
}

TEST(GlossaryBuilder, LeavesOutTermsWithAcronyms) {
  GlossaryBuilder builder;
  AddFiller(&builder, 100);
  builder.Add({"medquad:net#0", "medquad:net", "What is (are) NET tumors?",
               "NET tumors is a type of cancer that forms in hormone-making cells.", true});
  EXPECT_THAT(builder.Build(), IsEmpty());
}

TEST(Glossary, SavesAndLoadsItsEntries) {
  std::string dir = testing::TempDir();
  std::string path = dir + "/" + kGlossaryFileName;
  std::vector<GlossaryEntry> entries = {{"neuroblastoma", "a type of cancer",
                                         "Neuroblastoma is a type of cancer.", "m:nb#0", "m:nb",
                                         0.004, 1}};
  ASSERT_TRUE(Glossary::Save(entries, path).ok());
  auto loaded = Glossary::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), 1u);
  const GlossaryEntry* e = loaded->Entry("neuroblastoma");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->definition, "Neuroblastoma is a type of cancer.");
  EXPECT_DOUBLE_EQ(e->consumer_rate, 0.004);
  EXPECT_TRUE(Glossary::Load(dir + "/missing.jsonl").status().IsNotFound());
}

TEST(Glossary, FindsTermsWithTheirEntriesAndMarksTermsTheSentenceExplains) {
  Glossary glossary({{"lymphocyte", "a type of white blood cell", "d1", "p#0", "p", 0.01, 2},
                     {"neuroblastoma", "a type of cancer", "d2", "q#0", "q", 0.004, 1}});
  auto found = glossary.Find(
      "Neuroblastoma (a cancer of nerve cells) may raise the number of Lymphocytes in blood.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].key, "neuroblastoma");
  EXPECT_TRUE(found[0].explained);
  EXPECT_EQ(found[1].key, "lymphocyte");
  EXPECT_EQ(found[1].term, "Lymphocytes");
  EXPECT_FALSE(found[1].explained);
}

}  // namespace
}  // namespace evident
