#include "query/word_senses.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "common/testing.h"

namespace evident {
namespace {

constexpr const char* kLicence = "  1 This software and database is being provided to you...\n";

// A tiny WordNet in WordNet's own format (wndb(5WN)), one synset per case the header names: a
// synset's offset is its byte position in data.noun ("{x}" in an entry: the offset of synset x,
// which comes before it; "{this}": its own), and index.noun is sorted.
const std::vector<std::pair<std::string, std::string>> kSynsets = {
    {"disease", "26 n 01 disease 0 000 | an impairment of normal functioning"},
    {"flu", "26 n 01 flu 0 001 @ {disease} n 0000 | a contagious viral condition"},
    {"liver", "08 n 01 liver 0 000 | a large glandular organ"},
    {"car", "06 n 01 car 0 000 | a motor vehicle with four wheels"},
    {"battery/device", "06 n 01 battery 0 000 | a device that produces electricity"},
    {"battery/beating", "04 n 01 battery 0 000 | an unlawful beating"},
    {"surgery", "09 n 01 surgery 0 000 | a branch of science"},
    {"stitching", "04 n 01 stitching 0 001 ;c {surgery} n 0000 | joining with thread"},
    {"remission", "22 n 01 remission 0 000 | (medicine) a lessening of severity"},
    {"mouse", "05 n 01 mouse 0 000 | a small rodent"},
    {"oil", "27 n 01 oil 0 000 | a slippery substance; \"oil the hinge\""},
    {"syringe", "06 n 01 syringe 0 000 | a device for giving an injection to a patient"},
    // Bad data: its own hypernym, twice ("{this}": its own offset).
    {"ouroboros", "04 n 01 ouroboros 0 002 @ {this} n 0000 @ {this} n 0000 | a snake"},
};

void Write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string Offset(size_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08zu", n);
  return buf;
}

struct Tiny {
  std::string dir;
  std::string data;                       // data.noun as written
  std::map<std::string, size_t> offsets;  // synset name -> offset
};

// Writes the tiny WordNet into a fresh directory.
Tiny TinyWordNet() {
  Tiny t{testing::TempDir(), kLicence, {}};
  std::map<std::string, std::vector<std::string>> index;  // lemma -> synsets, in sense order
  for (const auto& [name, entry] : kSynsets) {
    std::string line = entry;
    for (const auto& [other, offset] : t.offsets) {
      for (size_t at; (at = line.find("{" + other + "}")) != std::string::npos;) {
        line.replace(at, other.size() + 2, Offset(offset));
      }
    }
    for (size_t at; (at = line.find("{this}")) != std::string::npos;) {
      line.replace(at, 6, Offset(t.data.size()));
    }
    t.offsets[name] = t.data.size();
    t.data += Offset(t.data.size()) + " " + line + "\n";
    index[name.substr(0, name.find('/'))].push_back(name);
  }
  std::string index_text = kLicence;
  for (const auto& [lemma, names] : index) {
    const std::string n = std::to_string(names.size());
    index_text += lemma + " n " + n + " 0 " + n + " 0";
    for (const auto& name : names) index_text += " " + Offset(t.offsets[name]);
    index_text += "\n";
  }
  Write(t.dir + "/data.noun", t.data);
  Write(t.dir + "/index.noun", index_text);
  Write(t.dir + "/noun.exc", "mice mouse\n");
  for (const char* pos : {"verb", "adj"}) {
    Write(t.dir + "/data." + pos, kLicence);
    Write(t.dir + "/index." + pos, kLicence);
    Write(t.dir + "/" + pos + ".exc", kLicence);  // (an empty file cannot be mapped)
  }
  return t;
}

TEST(WordSenses, TellsMedicalSensesFromEverydayOnes) {
  auto senses = WordSenses::Load(TinyWordNet().dir);
  ASSERT_TRUE(senses.ok()) << senses.status().ToString();
  auto medical = [&](const char* word) { return senses->Of(word).value().medical; };
  auto everyday = [&](const char* word) { return senses->Of(word).value().everyday; };
  EXPECT_DOUBLE_EQ(medical("liver"), 1.0);      // noun.body
  EXPECT_DOUBLE_EQ(medical("flu"), 1.0);        // a kind of disease.n.01, an anchor
  EXPECT_DOUBLE_EQ(medical("stitching"), 1.0);  // its topic is surgery
  EXPECT_DOUBLE_EQ(medical("remission"), 1.0);  // "(medicine) ..."
  EXPECT_DOUBLE_EQ(medical("syringe"), 1.0);    // an artifact whose gloss names a patient
  EXPECT_DOUBLE_EQ(medical("car"), 0.0);
  EXPECT_DOUBLE_EQ(everyday("car"), 1.0);  // noun.artifact
  EXPECT_DOUBLE_EQ(everyday("mouse"), 1.0);
  // A substance is neither; its gloss's examples after ';' do not count.
  EXPECT_DOUBLE_EQ(medical("oil"), 0.0);
  EXPECT_DOUBLE_EQ(everyday("oil"), 0.0);
  // Senses weigh 1/rank: the device (1) against the beating (1/2, an act: neither).
  EXPECT_NEAR(everyday("battery"), 1.0 / 1.5, 1e-9);
  EXPECT_DOUBLE_EQ(medical("battery"), 0.0);
  EXPECT_DOUBLE_EQ(medical("ouroboros"), 0.0);  // a hypernym cycle ends the walk
}

TEST(WordSenses, FindsInflectedFormsByExceptionsAndDetachment) {
  auto senses = WordSenses::Load(TinyWordNet().dir);
  ASSERT_TRUE(senses.ok()) << senses.status().ToString();
  ASSERT_TRUE(senses->Of("Batteries").has_value());  // -ies -> -y, any case
  EXPECT_NEAR(senses->Of("Batteries")->everyday, 1.0 / 1.5, 1e-9);
  EXPECT_TRUE(senses->Of("cars").has_value());
  EXPECT_TRUE(senses->Of("mice").has_value());  // noun.exc
  EXPECT_FALSE(senses->Of("dotatate").has_value());
  EXPECT_FALSE(senses->Of("").has_value());
}

TEST(WordSenses, MissingFilesAreErrorsAndMalformedEntriesAbsent) {
  auto missing = WordSenses::Load(testing::TempDir());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find("wordnet-base"), std::string::npos);

  // An index entry pointing past the data, one at a truncated synset, one at a wrong offset,
  // and one without its offsets.
  Tiny t = TinyWordNet();
  const size_t truncated = t.data.size();
  Write(t.dir + "/data.noun", t.data + Offset(truncated) + " 06 n zz\n");
  Write(t.dir + "/index.noun", std::string(kLicence) + "aaa n 1 0 1 0 99999999\n" +
                                   "bbb n 1 0 1 0 " + Offset(truncated) + "\n" + "car n 1 0 1 0 " +
                                   Offset(t.offsets["car"] + 1) + "\n" + "liver n 1 0 1 0 " +
                                   Offset(t.offsets["liver"]) + "\n" + "zzz n 9 0\n");
  auto senses = WordSenses::Load(t.dir);
  ASSERT_TRUE(senses.ok()) << senses.status().ToString();
  for (const char* word : {"aaa", "bbb", "car", "zzz"}) EXPECT_FALSE(senses->Of(word)) << word;
  EXPECT_TRUE(senses->Of("liver").has_value());
}

// The system's WordNet (scripts/setup installs wordnet-base).
TEST(WordSenses, DebianWordNetKnowsCarsFromLivers) {
  std::error_code ec;
  if (!std::filesystem::exists(std::string(WordSenses::kDefaultDir) + "/data.noun", ec)) {
    GTEST_SKIP() << "no WordNet in " << WordSenses::kDefaultDir << " (scripts/setup)";
  }
  auto senses = WordSenses::Load();
  ASSERT_TRUE(senses.ok()) << senses.status().ToString();
  for (const char* word : {"car", "engine", "bicycle", "guitar", "kitchen", "laptop"}) {
    ASSERT_TRUE(senses->Of(word).has_value()) << word;
    EXPECT_GE(senses->Of(word)->everyday, 0.7) << word;
    EXPECT_LE(senses->Of(word)->medical, 0.1) << word;
  }
  for (const char* word : {"metastasis", "tumours", "vaccines", "pneumonia", "insulin"}) {
    ASSERT_TRUE(senses->Of(word).has_value()) << word;
    EXPECT_GE(senses->Of(word)->medical, 0.5) << word;
  }
  // The organ first, then the meat, "a high liver" and the colour (an adjective).
  EXPECT_GE(senses->Of("liver")->medical, 2 * senses->Of("liver")->everyday);
}

}  // namespace
}  // namespace evident
