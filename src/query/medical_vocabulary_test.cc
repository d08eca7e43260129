#include "query/medical_vocabulary.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/testing.h"

namespace evident {
namespace {

const std::vector<std::pair<std::string, std::string>> kHeadings = {
    {"A03.620", "Liver"},
    {"C04.697.650", "Neoplasm Metastasis"},
    {"B01.050.150.900.649.313.750.250.216", "Dogs"},
    {"G07.203.650.240", "Diet"},
    {"J01.937.100", "Automobiles"},
    {"Z01.542", "Europe"},
    {"D10.627", "Oils"},
    {"J02.500.602", "Oils, Edible"},
    {"M01.643", "Patients"},
};

std::unique_ptr<SpellingDictionary> English() {
  auto english = SpellingDictionary::Load("/usr/share/hunspell", /*medical_words=*/false);
  return english.ok() ? std::move(*english) : nullptr;
}

DomainWord Word(const std::string& word) {
  static Analyzer analyzer;
  return {word, analyzer.NormalizeWord(word)};
}

TEST(MedicalVocabulary, MeshHeadingsSayHowMedicalAWordIs) {
  auto v = MedicalVocabulary::FromHeadings(kHeadings, nullptr);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("liver"), nullptr), 1.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("metastasis"), nullptr), 1.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("diet"), nullptr), 1.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("dogs"), nullptr), 0.0);  // animals are not medicine
  EXPECT_DOUBLE_EQ(v.WordScore(Word("automobiles"), nullptr), 0.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("Europe"), nullptr), 0.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("oil"), nullptr), 0.5);  // a drug and a food
  // Persons count neither way: "patients" is not in the vocabulary.
  EXPECT_EQ(v.terms(), 9u);
  DomainWord drug = Word("Lutathera");
  drug.known_medical = true;
  EXPECT_DOUBLE_EQ(v.WordScore(drug, nullptr), 1.0);
}

TEST(MedicalVocabulary, WordsOutsideMeshByDictionaryAndCorpusFrequency) {
  auto english = English();
  if (english == nullptr) GTEST_SKIP() << "no en_US Hunspell dictionary";
  auto v = MedicalVocabulary::FromHeadings(kHeadings, std::move(english));
  // Words everyday English lacks are technical: genes, drugs, abbreviations.
  EXPECT_DOUBLE_EQ(v.WordScore(Word("dotatate"), nullptr), 1.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("YY1"), nullptr), 1.0);
  // Everyday words count by their frequency in the (medical) corpus.
  std::vector<std::string> texts(1000, "a passage");
  for (int i = 0; i < 10; ++i) texts[i] = "hepatotoxicity grade and toxicity in metastases";
  texts[10] = "a carpet";
  InMemoryCorpusStats stats(texts);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("toxicity"), &stats), 1.0);  // 1 % of passages
  EXPECT_GT(v.WordScore(Word("carpet"), &stats), 0.0);           // 0.1 %: between
  EXPECT_LT(v.WordScore(Word("carpet"), &stats), 1.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("kitchen"), &stats), 0.0);  // never
}

TEST(MedicalVocabulary, ShareWeighsRareWordsMore) {
  auto v = MedicalVocabulary::FromHeadings(kHeadings, nullptr);
  std::vector<std::string> texts(100, "liver diet");
  texts[0] = "automobiles liver";
  InMemoryCorpusStats stats(texts);
  // "automobiles" is rare, "liver" common: the rare word decides.
  double share = v.MedicalShare({Word("liver"), Word("automobiles")}, &stats);
  EXPECT_LT(share, 0.2);
  EXPECT_DOUBLE_EQ(v.MedicalShare({Word("liver"), Word("automobiles")}, nullptr), 0.5);
  EXPECT_DOUBLE_EQ(v.MedicalShare({}, &stats), 0.0);
}

std::unique_ptr<WordSenses> DebianWordNet() {
  auto senses = WordSenses::Load();
  return senses.ok() ? std::make_unique<WordSenses>(std::move(*senses)) : nullptr;
}

TEST(MedicalVocabulary, WordNetSensesOverruleTheCorpusForEverydayWords) {
  auto english = English();
  auto senses = DebianWordNet();
  if (english == nullptr || senses == nullptr) GTEST_SKIP() << "no Hunspell or WordNet";
  // A medical corpus where "car" is frequent (CAR T cells) and "tyre" absent.
  std::vector<std::string> texts(100, "car t cells in the liver");
  InMemoryCorpusStats stats(texts);
  auto plain = MedicalVocabulary::FromHeadings(kHeadings, English());
  EXPECT_DOUBLE_EQ(plain.WordScore(Word("car"), &stats), 1.0);
  auto v = MedicalVocabulary::FromHeadings(kHeadings, std::move(english), std::move(senses));
  EXPECT_LE(v.WordScore(Word("car"), &stats), 0.1);         // a vehicle, whatever the corpus says
  EXPECT_GE(v.WordScore(Word("liver"), &stats), 0.75);      // the organ; the meat a little
  EXPECT_DOUBLE_EQ(v.WordScore(Word("CAR"), &stats), 1.0);  // an acronym: not looked up
  // en_US lacks "tyre", WordNet knows it: an everyday word, not a technical one.
  EXPECT_LE(v.WordScore(Word("tyre"), &stats), 0.1);
  // Neither English nor the corpus knows it: neither medical nor not.
  EXPECT_DOUBLE_EQ(v.WordScore(Word("zorbulation"), &stats), 0.5);
}

TEST(MedicalVocabulary, HyphenatedCompoundsAreAsMedicalAsTheirMostMedicalPart) {
  auto english = English();
  if (english == nullptr) GTEST_SKIP() << "no en_US Hunspell dictionary";
  auto v = MedicalVocabulary::FromHeadings(kHeadings, std::move(english));
  EXPECT_DOUBLE_EQ(v.WordScore(Word("liver-specific"), nullptr), 1.0);
  EXPECT_DOUBLE_EQ(v.WordScore(Word("YY1-dependent"), nullptr), 1.0);  // a gene: no English
  EXPECT_DOUBLE_EQ(v.WordScore(Word("dog-friendly"), nullptr), 0.0);
}

TEST(MedicalVocabulary, LoadsTheSharedMeshTree) {
  const std::string path = testing::DataDir() + "/vocab/mesh_vocab/2017MeshTree.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  auto v = MedicalVocabulary::Load(path, English());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_GT(v->terms(), 10000u);
  EXPECT_DOUBLE_EQ(v->WordScore(Word("liver"), nullptr), 1.0);
  EXPECT_LT(v->WordScore(Word("bicycle"), nullptr), 0.5);
  auto missing = MedicalVocabulary::Load(testing::TempDir() + "/no-mesh.txt", nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().ToString().find("no-mesh.txt"), std::string::npos);
}

}  // namespace
}  // namespace evident
