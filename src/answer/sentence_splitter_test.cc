#include "answer/sentence_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/input_file.h"
#include "common/testing.h"

namespace evident {
namespace {

using ::testing::ElementsAre;

// A sentence as the table writes it: "<LABEL> text" when it has a section label.
std::string Render(const Sentence& s) {
  std::string out;
  if (!s.section_label.empty()) {
    out.append("<").append(s.section_label).append("> ");
  }
  out.append(s.text);
  return out;
}

std::vector<std::string> SplitRendered(std::string_view text) {
  std::vector<std::string> out;
  for (const Sentence& s : SentenceSplitter().Split(text)) out.push_back(Render(s));
  return out;
}

struct SplitCase {
  std::string_view input;
  std::vector<std::string> expected;
};

const std::vector<SplitCase>& SplitCases() {
  static const auto* cases = new std::vector<SplitCase>{
      // Abbreviations that never end a sentence.
      {"Smith et al. reported a benefit. The trial ended early.",
       {"Smith et al. reported a benefit.", "The trial ended early."}},
      {"As shown by Smith et al. [12], survival improved. Toxicity was low.",
       {"As shown by Smith et al. [12], survival improved.", "Toxicity was low."}},
      {"The study (Smith et al. 2005) was large. It was positive.",
       {"The study (Smith et al. 2005) was large.", "It was positive."}},
      {"Drugs (e.g. Aspirin) were stopped. Pain fell.",
       {"Drugs (e.g. Aspirin) were stopped.", "Pain fell."}},
      {"Patients, i.e. Adults over 65, were eligible. All completed.",
       {"Patients, i.e. Adults over 65, were eligible.", "All completed."}},
      {"Response was 40% vs. 25% with placebo. Toxicity was similar.",
       {"Response was 40% vs. 25% with placebo.", "Toxicity was similar."}},
      {"The dose was approx. 50 mg. It was well tolerated.",
       {"The dose was approx. 50 mg.", "It was well tolerated."}},
      {"Uptake is shown in Fig. 2. The scan was otherwise normal.",
       {"Uptake is shown in Fig. 2.", "The scan was otherwise normal."}},
      {"Dr. Jones enrolled the patients. They were followed for a year.",
       {"Dr. Jones enrolled the patients.", "They were followed for a year."}},
      {"See protocol No. 5 for details. It was amended twice.",
       {"See protocol No. 5 for details.", "It was amended twice."}},
      {"Ref. 12 describes the assay. It is sensitive.",
       {"Ref. 12 describes the assay.", "It is sensitive."}},
      {"Data are from Jan. 2020 to Dec. 2021. Analysis followed.",
       {"Data are from Jan. 2020 to Dec. 2021.", "Analysis followed."}},
      {"Cases were compared with controls, cf. Table 2. No bias was found.",
       {"Cases were compared with controls, cf. Table 2.", "No bias was found."}},
      {"Smith J, Jones K, et al.: Risk factors for cancer. Breast Cancer Res 12 (6): R106, 2010.",
       {"Smith J, Jones K, et al.: Risk factors for cancer.",
        "Breast Cancer Res 12 (6): R106, 2010."}},
      // Numbers.
      {"The dose was 2.5 mg daily. It was increased.",
       {"The dose was 2.5 mg daily.", "It was increased."}},
      {"Survival improved (p < 0.001). Toxicity did not.",
       {"Survival improved (p < 0.001).", "Toxicity did not."}},
      {"The effect was significant (p < .05). No deaths occurred.",
       {"The effect was significant (p < .05).", "No deaths occurred."}},
      {"The mean age was 52.3 years. Most were women.",
       {"The mean age was 52.3 years.", "Most were women."}},
      {"The ratio was 3:1. Both arms were balanced.",
       {"The ratio was 3:1.", "Both arms were balanced."}},
      {"Remission rates were high (n = 131; 65 with GI NETs). Responses lasted.",
       {"Remission rates were high (n = 131; 65 with GI NETs).", "Responses lasted."}},
      {"He has type 2 diabetes. The HbA1c was 8.1%.",
       {"He has type 2 diabetes.", "The HbA1c was 8.1%."}},
      // Genus names, initials, acronyms.
      {"Infection with E. coli was common. S. aureus was rare.",
       {"Infection with E. coli was common.", "S. aureus was rare."}},
      {"Growth of Candida spp. was inhibited. Bacteria were not.",
       {"Growth of Candida spp. was inhibited.", "Bacteria were not."}},
      {"Professor C. F. M. Saint noted the triad. It is rare.",
       {"Professor C. F. M. Saint noted the triad.", "It is rare."}},
      {"It was described by J. Smith and K. Jones. Both are surgeons.",
       {"It was described by J. Smith and K. Jones.", "Both are surgeons."}},
      {"Ten patients had hepatitis B. Others had hepatitis C.",
       {"Ten patients had hepatitis B.", "Others had hepatitis C."}},
      {"Levels of vitamin D. In winter, levels fall.",
       {"Levels of vitamin D.", "In winter, levels fall."}},
      {"The U.S. Food and Drug Administration approved it in 2018. It is widely used.",
       {"The U.S. Food and Drug Administration approved it in 2018.", "It is widely used."}},
      {"Trials were done in the U.S. The results were mixed.",
       {"Trials were done in the U.S.", "The results were mixed."}},
      {"We measured levels of NO. The gas was inhaled.",
       {"We measured levels of NO.", "The gas was inhaled."}},
      {"Most had stage III. Stage IV disease was excluded.",
       {"Most had stage III.", "Stage IV disease was excluded."}},
      {"Details are at cancer.gov. Call for help.",
       {"Details are at cancer.gov.", "Call for help."}},
      // Sentence starts that are not capitals.
      {"Levels rose. mRNA expression also rose.", {"Levels rose.", "mRNA expression also rose."}},
      {"The alpha subunit was mutated. \xCE\xB2-Blockers were given.",
       {"The alpha subunit was mutated.", "\xCE\xB2-Blockers were given."}},
      {"A total of 12 pts. were enrolled.", {"A total of 12 pts. were enrolled."}},
      // Citations and trailing brackets stay with the sentence they follow.
      {"Remission correlated with limited hepatic tumor load.[27] In patients with extensive "
       "liver involvement, time to progression was shorter.",
       {"Remission correlated with limited hepatic tumor load.[27]",
        "In patients with extensive liver involvement, time to progression was shorter."}},
      {"Remission was durable.(27) Relapse was rare.(5,6)",
       {"Remission was durable.(27)", "Relapse was rare.(5,6)"}},
      {"Risk increases with density.[5-8] Density is heritable.",
       {"Risk increases with density.[5-8]", "Density is heritable."}},
      {"Many studies report this. [3,4] Others do not.",
       {"Many studies report this. [3,4]", "Others do not."}},
      {"A second TUR is advised.[9][Level of evidence C3] A second TUR found residual tumor.",
       {"A second TUR is advised.[9][Level of evidence C3]", "A second TUR found residual tumor."}},
      // Closing quotes and parentheses.
      {"He said \"stop.\" Then he left.", {"He said \"stop.\"", "Then he left."}},
      {"She wrote \xE2\x80\x9C"
       "done.\xE2\x80\x9D It was.",
       {"She wrote \xE2\x80\x9C"
        "done.\xE2\x80\x9D",
        "It was."}},
      {"(This was unexpected.) The trial continued.",
       {"(This was unexpected.)", "The trial continued."}},
      {"Treatment reduced levels (see Fig. 2. Left panel). Effects persisted.",
       {"Treatment reduced levels (see Fig. 2. Left panel).", "Effects persisted."}},
      {"\"Is it safe?\" she asked. Yes.", {"\"Is it safe?\" she asked.", "Yes."}},
      // Other terminals.
      {"Was it effective? Yes, in most cases! Further work is needed.",
       {"Was it effective?", "Yes, in most cases!", "Further work is needed."}},
      {"It failed... The next trial succeeded.", {"It failed...", "The next trial succeeded."}},
      // Paragraphs, lines and lists.
      {"First paragraph without a period\n\nSecond paragraph.",
       {"First paragraph without a period", "Second paragraph."}},
      {"The cohort was\nfollowed for 2 years.", {"The cohort was\nfollowed for 2 years."}},
      {"Results\nobtained in mice differ.", {"Results\nobtained in mice differ."}},
      {"Key Points\n- Adult ALL is a type of cancer.\n- Leukemia may affect red blood cells.",
       {"Key Points", "Adult ALL is a type of cancer.", "Leukemia may affect red blood cells."}},
      {"Options include:\n1. Surgery\n2) Radiation therapy\n(3) Watchful waiting",
       {"Options include:", "Surgery", "Radiation therapy", "Watchful waiting"}},
      {"Symptoms include: \xE2\x80\xA2 fever \xE2\x80\xA2 fatigue",
       {"Symptoms include:", "fever", "fatigue"}},
      {"Key Points\n        - Adult ALL is a cancer of the blood.    - Leukemia may affect "
       "platelets.",
       {"Key Points", "Adult ALL is a cancer of the blood.", "Leukemia may affect platelets."}},
      {"The steps are listed below. 1. Stop the drug. 2. Call a doctor.",
       {"The steps are listed below.", "Stop the drug.", "Call a doctor."}},
      // Labelled abstract sections.
      {"RESULTS: Of 193 patients, 186 completed the study. The EA group improved most.",
       {"<RESULTS> Of 193 patients, 186 completed the study.",
        "<RESULTS> The EA group improved most."}},
      {"BACKGROUND: Why.\n\nMETHODS: How.\n\nMore on how.",
       {"<BACKGROUND> Why.", "<METHODS> How.", "<METHODS> More on how."}},
      {"Results: Pain decreased. Conclusions: Acupuncture helps.",
       {"<Results> Pain decreased.", "<Conclusions> Acupuncture helps."}},
      {"MATERIALS AND METHODS: We enrolled 40 women. MAIN OUTCOME MEASURES: Pain.",
       {"<MATERIALS AND METHODS> We enrolled 40 women.", "<MAIN OUTCOME MEASURES> Pain."}},
      {"RESULTS:\n\nPain fell.", {"<RESULTS> Pain fell."}},
      {"Background and aims: To compare. Material and Methods. We enrolled 40 women.",
       {"<Background and aims> To compare.", "<Material and Methods> We enrolled 40 women."}},
      {"BACKGROUND\nThe triple A syndrome is rare.",
       {"<BACKGROUND> The triple A syndrome is rare."}},
      {"Mortality fell.METHODS: We searched MEDLINE.",
       {"Mortality fell.", "<METHODS> We searched MEDLINE."}},
      {"DESIGN: Case report.\n\nSETTING: A clinic.",
       {"<DESIGN> Case report.", "<SETTING> A clinic."}},
      {"Markers fell in Arm A. Importantly, all markers fell.",
       {"Markers fell in Arm A.", "Importantly, all markers fell."}},
      {". Seven factors were predictive.", {"Seven factors were predictive."}},
      {"HER2: a receptor. The ratio 2:1 held.", {"HER2: a receptor.", "The ratio 2:1 held."}},
      {"", {}},
      {"   \n\n  ", {}},
  };
  return *cases;
}

TEST(SentenceSplitter, SplitsTableCases) {
  ASSERT_GE(SplitCases().size(), 40u);
  for (const SplitCase& c : SplitCases()) {
    EXPECT_EQ(SplitRendered(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(SentenceSplitter, SpansPointIntoTheOriginalText) {
  std::string text = "RESULTS: Uptake rose.[4]  It fell.\n\n- Item one";
  auto sentences = SentenceSplitter().Split(text);
  ASSERT_EQ(sentences.size(), 3u);
  for (const Sentence& s : sentences) {
    EXPECT_EQ(text.substr(s.span.begin, s.span.end - s.span.begin), s.text);
  }
  EXPECT_EQ(sentences[0].span.begin, 9u);
  EXPECT_EQ(sentences[0].span.end, 24u);
  EXPECT_EQ(sentences[2].text, "Item one");
}

// --- Properties over real passages -------------------------------------------------------

bool IsSpaceChar(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// What may lie between sentences: whitespace, list markers ("-", "12.", "(a)") and section
// labels: the label of the sentence that follows and any stacked label before it
// ("ABSTRACT: Purpose: ...").
bool IsAllowedGap(std::string_view gap, std::string_view label) {
  std::string rest(gap);
  if (size_t at = label.empty() ? std::string::npos : rest.find(label); at != std::string::npos) {
    size_t end = at + label.size();
    if (end < rest.size() && (rest[end] == ':' || rest[end] == '.')) ++end;
    rest.erase(at, end - at);
  }
  std::istringstream words(rest);
  std::string word;
  while (words >> word) {
    bool capitals = std::none_of(word.begin(), word.end(), [](char c) { return std::islower(c); });
    if (word.back() == ':' || capitals) continue;  // a stacked label
    int letters_in_a_row = 0;
    for (char c : word) {
      letters_in_a_row = std::isalpha(static_cast<unsigned char>(c)) ? letters_in_a_row + 1 : 0;
      if (letters_in_a_row >= 2) return false;
    }
  }
  return true;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Is the span followed only by whitespace up to a paragraph break or the end of the text?
bool EndsItsParagraph(std::string_view text, size_t end) {
  size_t newlines = 0;
  for (size_t i = end; i < text.size(); ++i) {
    if (text[i] == '\n') {
      if (++newlines == 2) return true;
    } else if (!IsSpaceChar(text[i])) {
      return false;
    }
  }
  return true;
}

struct PropertyStats {
  size_t texts = 0;
  size_t sentences = 0;
  size_t words = 0;
};

void CheckProperties(std::string_view text, const std::string& where, PropertyStats* stats) {
  auto sentences = SentenceSplitter().Split(text);
  ++stats->texts;
  size_t prev_end = 0;
  for (const Sentence& s : sentences) {
    ++stats->sentences;
    stats->words += std::count(s.text.begin(), s.text.end(), ' ') + 1;
    ASSERT_LT(s.span.begin, s.span.end) << where;
    ASSERT_GE(s.span.begin, prev_end) << where << ": overlap at " << s.text;
    ASSERT_EQ(text.substr(s.span.begin, s.span.end - s.span.begin), s.text) << where;
    EXPECT_FALSE(IsSpaceChar(s.text.front()) || IsSpaceChar(s.text.back())) << where;
    EXPECT_TRUE(IsAllowedGap(text.substr(prev_end, s.span.begin - prev_end), s.section_label))
        << where << ": uncovered text before \"" << s.text << "\": \""
        << text.substr(prev_end, s.span.begin - prev_end) << "\"";
    bool paragraph_end = EndsItsParagraph(text, s.span.end);
    for (std::string_view abbreviation : {" et al.", " e.g.", " i.e.", " vs.", " Fig."}) {
      EXPECT_FALSE(EndsWith(s.text, abbreviation) && !paragraph_end)
          << where << ": sentence ends in \"" << abbreviation << "\": " << s.text;
    }
    if (s.span.end < text.size()) {
      EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(text[s.span.end])))
          << where << ": split inside a number: " << s.text;
    }
    prev_end = s.span.end;
  }
  size_t tail = prev_end;
  EXPECT_TRUE(IsAllowedGap(text.substr(tail), "")) << where << ": uncovered tail";
}

TEST(SentenceSplitter, PropertiesHoldOnResearchAbstracts) {
  std::string path = evident::testing::DataDir() + "/corpus/research/abstracts.jsonl.gz";
  auto file = InputFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  PropertyStats stats;
  std::string line;
  for (int record = 0; record < 6000 && (*file)->ReadLine(&line); ++record) {
    auto json = nlohmann::json::parse(line);
    std::string text;  // the passage form: "LABEL: text" paragraphs
    for (const auto& section : json["sections"]) {
      if (section.value("text", "").empty()) continue;
      if (!text.empty()) text += "\n\n";
      text += section.value("label", "") + ": " + section.value("text", "");
    }
    CheckProperties(text, json.value("id", ""), &stats);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(stats.sentences, 3 * stats.texts);
  double words_per_sentence = static_cast<double>(stats.words) / stats.sentences;
  EXPECT_GT(words_per_sentence, 12.0);
  EXPECT_LT(words_per_sentence, 40.0);
  std::cout << "abstracts: " << stats.texts << " texts, " << stats.sentences << " sentences, "
            << words_per_sentence << " words/sentence\n";
}

TEST(SentenceSplitter, PropertiesHoldOnNciPages) {
  namespace fs = std::filesystem;
  std::string dir = evident::testing::DataDir() + "/corpus/guidelines/nci";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(dir)) pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  PropertyStats stats;
  for (size_t i = 0; i < pages.size(); i += 10) {
    auto contents = ReadFileContents(pages[i].string());
    ASSERT_TRUE(contents.ok()) << contents.status().ToString();
    CheckProperties(*contents, pages[i].filename().string(), &stats);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(stats.sentences, 10 * stats.texts);
}

TEST(SentenceSplitter, PropertiesHoldOnConsumerAnswers) {
  std::string path = evident::testing::DataDir() + "/corpus/consumer/medquad.jsonl.gz";
  auto file = InputFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  PropertyStats stats;
  std::string line;
  for (int record = 0; record < 2000 && (*file)->ReadLine(&line); ++record) {
    auto json = nlohmann::json::parse(line);
    CheckProperties(json.value("answer", ""), json.value("id", ""), &stats);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(stats.sentences, stats.texts);
}

}  // namespace
}  // namespace evident
