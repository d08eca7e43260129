#include "query/abbreviations.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "common/testing.h"

namespace evident {
namespace {

const std::vector<std::string> kCorpus = {
    "Neuroendocrine tumors (NETs) often metastasize to the liver.",
    "Liver metastases from neuroendocrine tumors (NET) are treated with PRRT.",
    "Peptide receptor radionuclide therapy (PRRT) for neuroendocrine tumors.",
    "PRRT, peptide receptor radionuclide therapy, prolongs survival.",
    "The norepinephrine transporter (NET) clears synaptic noradrenaline.",
    "NET, the norepinephrine transporter, is blocked by reboxetine in synapses.",
    "Norepinephrine transporter NET density in the locus coeruleus and synaptic release.",
    "Colorectal cancer (CRC) screening with colonoscopy.",
    "CRC: colorectal cancer incidence rises in young adults.",
    "Acute lymphoblastic leukemia in children is curable.",
    "Children with acute lymphoblastic leukemia receive asparaginase.",
};

AbbreviationDictionary SmallDictionary() {
  return AbbreviationDictionary::FromEntries({
      {"NET", "neuroendocrine tumors", 48},
      {"NET", "norepinephrine transporter", 171},
      {"NET", "norethisterone", 130},
      {"PRRT", "peptide receptor radionuclide therapy", 12},
      {"CRC", "colorectal cancer", 1178},
      {"CRC", "concentration-response curve", 57},
      {"ALL", "acute lymphoblastic leukemia", 4203},
      {"ALL", "allergies", 1},
      {"XYZ", "xylose zeta", 10},
  });
}

TEST(AbbreviationDictionary, SensesAreCaseInsensitiveAndMostFrequentFirst) {
  auto dict = SmallDictionary();
  auto senses = dict.Senses("net");
  ASSERT_EQ(senses.size(), 3u);
  EXPECT_EQ(senses[0].long_form, "norepinephrine transporter");
  EXPECT_TRUE(dict.Contains("Prrt"));
  EXPECT_FALSE(dict.Contains("ABC"));
  EXPECT_EQ(dict.num_abbreviations(), 5u);
}

TEST(AbbreviationDictionary, ContextPicksTheSense) {
  auto dict = SmallDictionary();
  InMemoryCorpusStats stats(kCorpus);
  Analyzer analyzer;
  auto liver = dict.Expand("NET", {"liver", "metastas"}, stats, analyzer);
  ASSERT_FALSE(liver.empty());
  EXPECT_EQ(liver[0].long_form, "neuroendocrine tumors");
  EXPECT_GT(liver[0].confidence, 0.6);

  auto synapse = dict.Expand("NET", {"synapt", "noradrenalin"}, stats, analyzer);
  ASSERT_FALSE(synapse.empty());
  EXPECT_EQ(synapse[0].long_form, "norepinephrine transporter");
}

TEST(AbbreviationDictionary, SupportedSensesOnly) {
  auto dict = SmallDictionary();
  InMemoryCorpusStats stats(kCorpus);
  Analyzer analyzer;
  auto prrt = dict.Expand("PRRT", {}, stats, analyzer);
  ASSERT_EQ(prrt.size(), 1u);
  EXPECT_EQ(prrt[0].long_form, "peptide receptor radionuclide therapy");
  EXPECT_DOUBLE_EQ(prrt[0].confidence, 1.0);
  auto crc = dict.Expand("CRC", {"screen"}, stats, analyzer);
  ASSERT_EQ(crc.size(), 1u);  // no passage pairs CRC with concentration-response curves
  EXPECT_EQ(crc[0].long_form, "colorectal cancer");
  // Known to the dictionary, never seen in the corpus: not expanded.
  EXPECT_TRUE(dict.Expand("XYZ", {"liver"}, stats, analyzer).empty());
  // Several senses, none shown next to the abbreviation: not expanded.
  auto two = AbbreviationDictionary::FromEntries(
      {{"LM", "liver metastases", 10}, {"LM", "lateral meniscus", 10}});
  EXPECT_TRUE(two.Expand("LM", {"neuroendocrin"}, stats, analyzer).empty());
  EXPECT_TRUE(dict.Expand("ABC", {"liver"}, stats, analyzer).empty());
}

TEST(AbbreviationDictionary, StopWordAbbreviationNeedsContext) {
  // "ALL" is a stop word: the index never holds it, so only the context can support a sense.
  auto dict = SmallDictionary();
  InMemoryCorpusStats stats(kCorpus);
  Analyzer analyzer;
  EXPECT_TRUE(dict.Expand("ALL", {}, stats, analyzer).empty());
  auto all = dict.Expand("ALL", {"children"}, stats, analyzer);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].long_form, "acute lymphoblastic leukemia");
}

class RealAbbreviations : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = testing::DataDir() + "/vocab/abbreviations";
    if (!std::filesystem::exists(dir)) return;
    auto start = std::chrono::steady_clock::now();
    auto loaded = AbbreviationDictionary::Load(dir);
    load_ms_ =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    dict_ = new AbbreviationDictionary(std::move(*loaded));
  }
  void SetUp() override {
    if (dict_ == nullptr) GTEST_SKIP() << "no vocab data under " << testing::DataDir();
  }
  static inline AbbreviationDictionary* dict_ = nullptr;
  static inline double load_ms_ = 0;
};

TEST_F(RealAbbreviations, LoadsAndKnowsClinicalAbbreviations) {
  RecordProperty("load_ms", std::to_string(load_ms_));
  std::printf("abbreviations: %zu keys, %zu senses, loaded in %.0f ms\n",
              dict_->num_abbreviations(), dict_->num_senses(), load_ms_);
  EXPECT_GT(dict_->num_senses(), 40000u);
  auto contains = [&](std::string_view abbr, std::string_view long_form) {
    for (const auto& s : dict_->Senses(abbr)) {
      if (s.long_form == long_form) return true;
    }
    return false;
  };
  EXPECT_TRUE(contains("PRRT", "peptide receptor radionuclide therapy"));
  EXPECT_TRUE(contains("NET", "neuroendocrine tumors"));
  EXPECT_TRUE(contains("HTN", "hypertension"));  // clinical shorthand (Wikipedia, Vanderbilt)
  // MEDLINE co-occurrences that do not spell the abbreviation are dropped.
  EXPECT_FALSE(contains("mRNA", "gene expression"));
  EXPECT_FALSE(contains("II", "two"));
  EXPECT_EQ(dict_->Senses("CRC")[0].long_form, "colorectal cancer");
}

TEST_F(RealAbbreviations, ExpandsNetNearLiverMetastasesToNeuroendocrineTumor) {
  InMemoryCorpusStats stats(kCorpus);
  Analyzer analyzer;
  auto net = dict_->Expand("NET", {"liver", "metastas"}, stats, analyzer);
  ASSERT_FALSE(net.empty());
  EXPECT_EQ(net[0].long_form.substr(0, 19), "neuroendocrine tumo");
  auto prrt = dict_->Expand("PRRT", {"neuroendocrin"}, stats, analyzer);
  ASSERT_FALSE(prrt.empty());
  EXPECT_EQ(prrt[0].long_form, "peptide receptor radionuclide therapy");
  auto crc = dict_->Expand("CRC", {"screen"}, stats, analyzer);
  ASSERT_FALSE(crc.empty());
  EXPECT_EQ(crc[0].long_form, "colorectal cancer");
}

}  // namespace
}  // namespace evident
