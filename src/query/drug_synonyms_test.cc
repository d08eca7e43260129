#include "query/drug_synonyms.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "common/testing.h"

namespace evident {
namespace {

TEST(DrugSynonyms, NameKeyIgnoresOrderCaseHyphensAndElementNames) {
  const std::string key = DrugSynonyms::NameKey("lutetium Lu 177 dotatate");
  EXPECT_EQ(key, "177 dotatate lu");
  EXPECT_EQ(DrugSynonyms::NameKey("177Lu-DOTATATE"), key);
  EXPECT_EQ(DrugSynonyms::NameKey("Lu-177 DOTATATE"), key);
  EXPECT_EQ(DrugSynonyms::NameKey("Lutetium-177 dotatate"), key);
  EXPECT_NE(DrugSynonyms::NameKey("68Ga-DOTATATE"), key);
  EXPECT_EQ(DrugSynonyms::NameKey("--"), "");
}

DrugSynonyms SmallTable() {
  return DrugSynonyms::FromEntries({
      {"Lutetium Lu 177 dotatate",
       {"177Lu-dotatate", "Lutetium oxodotreotide Lu-177"},
       {"Lutathera"}},
      {"Dotatate", {"DOTA-octreotate", "Oxodotreotide"}, {}},
      {"Metformin", {"Metformina", "1,1-Dimethylbiguanide"}, {"Glucophage"}},
  });
}

TEST(DrugSynonyms, FindsTheLongestNameInAnySpelling) {
  auto table = SmallTable();
  const std::string q = "Is Lu-177 DOTATATE better than metformin, or Lutathera with Dotatate?";
  auto found = table.Find(q);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(q.substr(found[0].begin, found[0].end - found[0].begin), "Lu-177 DOTATATE");
  EXPECT_EQ(table.drug(found[0].drug).name, "Lutetium Lu 177 dotatate");
  EXPECT_EQ(q.substr(found[1].begin, found[1].end - found[1].begin), "metformin");
  EXPECT_EQ(table.drug(found[2].drug).name, "Lutetium Lu 177 dotatate");  // brand
  EXPECT_EQ(table.drug(found[3].drug).name, "Dotatate");
  EXPECT_TRUE(table.Find("What is the role of somatostatin?").empty());
}

TEST(DrugSynonyms, LookupByAnyName) {
  auto table = SmallTable();
  EXPECT_EQ(table.Lookup("glucophage"), table.Lookup("Metformin"));
  EXPECT_EQ(table.Lookup("177Lu-DOTATATE"), 0);
  EXPECT_EQ(table.Lookup("aspirin"), -1);
}

TEST(DrugSynonyms, LoadsDrugBankAndNciBrandNames) {
  const std::string data = testing::DataDir();
  const std::string csv = data + "/vocab/drug_vocab/drugbank_vocabulary.csv";
  const std::string pages = data + "/corpus/guidelines/nci";
  if (!std::filesystem::exists(csv)) GTEST_SKIP() << "no DrugBank vocabulary under " << data;
  auto start = std::chrono::steady_clock::now();
  auto table = DrugSynonyms::Load(csv, std::filesystem::exists(pages) ? pages : "");
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  std::printf("drugs: %zu drugs, %zu names, %zu brands, loaded in %.0f ms\n", table->num_drugs(),
              table->num_names(), table->num_brands(), ms);
  EXPECT_GT(table->num_drugs(), 17000u);
  const int64_t lu = table->Lookup("lutetium Lu 177 dotatate");
  ASSERT_GE(lu, 0);
  EXPECT_EQ(table->Lookup("177Lu-DOTATATE"), lu);
  EXPECT_EQ(table->Lookup("Lu-177 DOTATATE"), lu);
  EXPECT_EQ(table->Lookup("pembrolizumab"), table->Lookup("Lambrolizumab"));
  if (!std::filesystem::exists(pages)) return;
  EXPECT_EQ(table->Lookup("Lutathera"), lu);
  EXPECT_EQ(table->Lookup("Keytruda"), table->Lookup("pembrolizumab"));
  EXPECT_GT(table->num_brands(), 300u);
}

}  // namespace
}  // namespace evident
