#include "ingest/jsonl_parser.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "common/testing.h"
#include "ingest/parser_test_support.h"

namespace evident {
namespace {

using testing::Headings;
using testing::ParagraphContaining;
using testing::RecordingSink;

constexpr size_t kResearchRecords = 23285;
constexpr size_t kMedquadRecords = 15848;

std::string ResearchPath() { return testing::DataDir() + "/corpus/research/abstracts.jsonl.gz"; }
std::string MedquadPath() { return testing::DataDir() + "/corpus/consumer/medquad.jsonl.gz"; }

// The whole research file, parsed once for all tests that read it.
const RecordingSink& ResearchCorpus() {
  static const RecordingSink* sink = [] {
    auto* s = new RecordingSink();
    Status status = ParseResearchJsonl(ResearchPath(), *s);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return s;
  }();
  return *sink;
}

const RecordingSink& MedquadCorpus() {
  static const RecordingSink* sink = [] {
    auto* s = new RecordingSink();
    Status status = ParseMedquadJsonl(MedquadPath(), *s);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return s;
  }();
  return *sink;
}

// ---------------------------------------------------------------------------------------------
// Research abstracts.

TEST(ResearchJsonl, ParsesEveryRecordOfTheCorpusWithoutErrors) {
  const RecordingSink& sink = ResearchCorpus();
  EXPECT_TRUE(sink.errors.empty()) << sink.ErrorSummary();
  ASSERT_EQ(sink.docs.size(), kResearchRecords);
  std::set<std::string> ids;
  for (const auto& doc : sink.docs) {
    ids.insert(doc.id);
    EXPECT_EQ(doc.kind, SourceKind::kResearch);
    EXPECT_TRUE(doc.id.starts_with("pmid:") || doc.id.starts_with("pmc:PMC")) << doc.id;
    EXPECT_FALSE(doc.url.empty()) << doc.id;
    EXPECT_FALSE(doc.title.empty() && doc.sections.empty()) << doc.id;
    EXPECT_LE(doc.title.size(), 304u) << doc.id;  // 300 characters and an ellipsis at most
    testing::ExpectCleanDocument(doc);
  }
  EXPECT_EQ(ids.size(), kResearchRecords);
}

TEST(ResearchJsonl, MapsTheFieldsOfAPmcRecord) {
  const Document* doc = ResearchCorpus().Find("pmc:PMC101395");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->title,
            "Diclofenac does not interact with codeine metabolism in vivo: A study in healthy "
            "volunteers");
  EXPECT_EQ(doc->pmcid, "PMC101395");
  EXPECT_EQ(doc->pmid, "");
  EXPECT_EQ(doc->url, "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC101395/");
  EXPECT_EQ(doc->audience, "professional");
  EXPECT_EQ(doc->year, 0);
  EXPECT_FALSE(doc->partial);
  EXPECT_FALSE(doc->retracted);
  EXPECT_EQ(Headings(*doc),
            (std::vector<std::string>{"BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"}));
  EXPECT_EQ(doc->attributes.at("origin"), "evidence-inference");
  EXPECT_EQ(doc->attributes.at("note"),
            "randomized controlled trial report from the PMC open-access subset");
}

TEST(ResearchJsonl, KeepsYearMeshAndUntitledRecords) {
  const Document* doc = ResearchCorpus().Find("pmid:10135926");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->title, "");  // PubMedQA withholds titles; the text is still there
  EXPECT_EQ(doc->pmid, "10135926");
  EXPECT_EQ(doc->url, "https://pubmed.ncbi.nlm.nih.gov/10135926/");
  EXPECT_EQ(doc->year, 1994);
  EXPECT_EQ(doc->date, "1994");
  ASSERT_FALSE(doc->mesh.empty());
  EXPECT_EQ(doc->mesh.front(), "Air Ambulances");
  EXPECT_EQ(Headings(*doc).front(), "INTRODUCTION");

  const Document* partial = ResearchCorpus().Find("pmid:10026129");
  ASSERT_NE(partial, nullptr);
  EXPECT_TRUE(partial->partial);
  EXPECT_EQ(Headings(*partial), std::vector<std::string>{"ABSTRACT"});
}

TEST(ResearchJsonl, SplitsAStructuredAbstractFlattenedIntoOneSection) {
  // "BACKGROUND: ...\nAIMS: ...\nMETHODS: ..." inside one "ABSTRACT" section.
  const Document* doc = ResearchCorpus().Find("pmid:10075957");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(Headings(*doc),
            (std::vector<std::string>{"BACKGROUND", "AIMS", "METHODS", "RESULTS", "CONCLUSIONS"}));
  EXPECT_TRUE(doc->sections[1].text.starts_with("To examine the electrophysiological"));
  // A label alone on its line ("BACKGROUND & AIMS\nIdiopathic achalasia ...").
  const Document* own_line = ResearchCorpus().Find("pmid:10381906");
  ASSERT_NE(own_line, nullptr);
  EXPECT_EQ(own_line->sections.front().heading, "BACKGROUND & AIMS");
  EXPECT_TRUE(own_line->sections.front().text.starts_with("Idiopathic achalasia"));
}

TEST(ResearchJsonl, RemovesPubmedMarkupButKeepsComparisons) {
  const RecordingSink& sink = ResearchCorpus();
  // "<b>PURPOSE OF REVIEW</b>: WHIM syndrome ..." -> a section of its own.
  const Document* bold = sink.Find("pmid:14612668");
  ASSERT_NE(bold, nullptr);
  EXPECT_EQ(bold->sections.front().heading, "PURPOSE OF REVIEW");
  // "&amp;gt;60,000" (escaped twice) -> ">60,000".
  const Document* escaped = sink.Find("pmid:24923803");
  ASSERT_NE(escaped, nullptr);
  EXPECT_NE(ParagraphContaining(*escaped, "with >60,000 gene sets"), "");
  // "(<or = 6 or>6)" is text, not a tag.
  const Document* comparison = sink.Find("pmid:11411430");
  ASSERT_NE(comparison, nullptr);
  EXPECT_NE(ParagraphContaining(*comparison, "(<or = 6 or>6)"), "");
}

TEST(ResearchJsonl, SeparatesATitleThatRunsOnIntoTheAbstract) {
  // "Bifrontal ... empyema.<AbstractText Label=\"INTRODUCTION\" ...>Subdural empyema is ..."
  const Document* tagged = ResearchCorpus().Find("pmid:12172943");
  ASSERT_NE(tagged, nullptr);
  EXPECT_EQ(tagged->title, "Bifrontal decompressive craniectomy for acute subdural empyema.");
  // A 1,800-character title holding the whole abstract, and no sections.
  const Document* long_title = ResearchCorpus().Find("pmc:PMC1074719");
  ASSERT_NE(long_title, nullptr);
  EXPECT_EQ(long_title->title,
            "A Randomized Study of Epithelial Ovarian Cancer: Is Chemotherapy Useful after "
            "Complete Remission?");
  ASSERT_EQ(long_title->sections.size(), 1u);
  EXPECT_NE(long_title->sections[0].text.find("Objective. The aim of this study"),
            std::string::npos);
}

TEST(ResearchJsonl, ReportsBadLinesWithTheirNumberAndParsesTheRest) {
  std::string jsonl =
      R"({"id": "pmid:1", "title": "First", "sections": []})"
      "\n"
      R"({"id": "pmid:2", "title": "Broken", )"
      "\n"
      "\n"
      R"([1, 2, 3])"
      "\n"
      R"({"title": "No id", "sections": [{"label": "A", "text": "x"}]})"
      "\n"
      R"({"id": "pmid:5", "title": null, "sections": []})"
      "\n"
      R"({"id": "pmid:6", "title": 42})"
      "\n"
      R"({"id": "pmid:7", "title": "Last", "sections": [{"label": "RESULTS:", "text": "y"}]})";
  RecordingSink sink;
  ASSERT_TRUE(ParseResearchJsonlBuffer(jsonl, "inline.jsonl", sink).ok());
  ASSERT_EQ(sink.docs.size(), 2u) << sink.ErrorSummary();
  EXPECT_EQ(sink.docs[0].id, "pmid:1");
  EXPECT_EQ(sink.docs[1].id, "pmid:7");
  EXPECT_EQ(sink.docs[1].sections[0].heading, "RESULTS");
  ASSERT_EQ(sink.errors.size(), 5u);
  std::vector<std::string> positions;
  for (const auto& error : sink.errors) {
    EXPECT_EQ(error.path, "inline.jsonl");
    EXPECT_FALSE(error.message.empty());
    positions.push_back(error.position);
  }
  EXPECT_EQ(positions, (std::vector<std::string>{"line 2", "line 4", "line 5", "line 6 (pmid:5)",
                                                 "line 7 (pmid:6)"}));
  EXPECT_NE(sink.errors[0].message.find("parse error"), std::string::npos);
}

TEST(ResearchJsonl, ReportsInvalidUtf8AsAnErrorWithoutCrashing) {
  std::string jsonl = std::string(R"({"id": "pmid:1", "title": "Bad )") + "\xC3\x28\xFF" + R"("})" +
                      "\n" + R"({"id": "pmid:2", "title": "Good"})";
  RecordingSink sink;
  ASSERT_TRUE(ParseResearchJsonlBuffer(jsonl, "utf8.jsonl", sink).ok());
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].position, "line 1");
  ASSERT_EQ(sink.docs.size(), 1u);
  EXPECT_EQ(sink.docs[0].title, "Good");
}

TEST(ResearchJsonl, ReadsGzipFilesAndFailsOnlyWhenTheFileCannotBeOpened) {
  std::string path = testing::TempDir() + "/records.jsonl.gz";
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  std::string lines = R"({"id": "pmid:1", "title": "One"})"
                      "\nnot json\n"
                      R"({"id": "pmid:3", "title": "Three"})"
                      "\n";
  gzwrite(out, lines.data(), static_cast<unsigned>(lines.size()));
  gzclose(out);
  RecordingSink sink;
  ASSERT_TRUE(ParseResearchJsonl(path, sink).ok());
  EXPECT_EQ(sink.docs.size(), 2u);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].path, path);
  EXPECT_EQ(sink.errors[0].position, "line 2");

  RecordingSink missing_sink;
  Status missing = ParseResearchJsonl(testing::TempDir() + "/missing.jsonl", missing_sink);
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.code(), Status::Code::kIOError);
}

// ---------------------------------------------------------------------------------------------
// MedQuAD.

TEST(MedquadJsonl, ParsesEveryRecordOfTheCorpusWithoutErrors) {
  const RecordingSink& sink = MedquadCorpus();
  EXPECT_TRUE(sink.errors.empty()) << sink.ErrorSummary();
  ASSERT_EQ(sink.docs.size(), kMedquadRecords);
  std::set<std::string> ids;
  for (const auto& doc : sink.docs) {
    ids.insert(doc.id);
    EXPECT_EQ(doc.kind, SourceKind::kConsumer);
    EXPECT_EQ(doc.audience, "patient");
    EXPECT_FALSE(doc.title.empty()) << doc.id;
    EXPECT_FALSE(doc.source.empty()) << doc.id;
    ASSERT_EQ(doc.sections.size(), 1u) << doc.id;
    EXPECT_FALSE(doc.sections[0].text.starts_with("- ")) << doc.id;
    EXPECT_EQ(doc.sections[0].text.find("\n\n- "), std::string::npos) << doc.id;
    testing::ExpectCleanDocument(doc);
  }
  EXPECT_EQ(ids.size(), kMedquadRecords);
}

TEST(MedquadJsonl, MapsQuestionSiteAndFocus) {
  const Document* doc = MedquadCorpus().Find("medquad:cancergov:0000001_1-1");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->title, "What is (are) Adult Acute Lymphoblastic Leukemia?");
  EXPECT_EQ(doc->source, "National Cancer Institute");
  EXPECT_EQ(doc->url, "https://www.cancer.gov/types/leukemia/patient/adult-all-treatment-pdq");
  EXPECT_EQ(doc->keywords, std::vector<std::string>{"Adult Acute Lymphoblastic Leukemia"});
  EXPECT_EQ(doc->attributes.at("qtype"), "information");
  EXPECT_EQ(doc->attributes.at("focus"), "Adult Acute Lymphoblastic Leukemia");
  EXPECT_EQ(doc->attributes.at("site"), "CancerGov");

  const Document* ghr = MedquadCorpus().Find("medquad:ghr:0000008-5");
  ASSERT_NE(ghr, nullptr);
  EXPECT_EQ(ghr->source, "Genetics Home Reference");
  EXPECT_EQ(ghr->keywords,
            (std::vector<std::string>{"achromatopsia", "achromatism", "rod monochromatism",
                                      "total color blindness"}));
}

TEST(MedquadJsonl, TurnsBulletRunsIntoParagraphs) {
  // "Key Points\n    - Adult acute ... cell).    - Leukemia may affect ...    - Previous ..."
  const Document* doc = MedquadCorpus().Find("medquad:cancergov:0000001_1-1");
  ASSERT_NE(doc, nullptr);
  const std::string& text = doc->sections[0].text;
  EXPECT_TRUE(text.starts_with(
      "Key Points\n\nAdult acute lymphoblastic leukemia (ALL) is a type of cancer in which the "
      "bone marrow makes too many lymphocytes (a type of white blood cell).\n\nLeukemia may "
      "affect red blood cells, white blood cells, and platelets.\n\n"))
      << text.substr(0, 400);
  EXPECT_EQ(ParagraphContaining(*doc, "Platelets that form blood clots"),
            "Platelets that form blood clots to stop bleeding.");
  // GARD's single-spaced runs: "... (when available) Abnormal hand bone ossification - ..."
  const Document* gard = MedquadCorpus().Find("medquad:gard:0000043-2");
  ASSERT_NE(gard, nullptr);
  EXPECT_EQ(ParagraphContaining(*gard, "Beaded ribs"), "Beaded ribs");
  // A lone " - " in running text stays: "(8:00 - 4:30 ET)".
  bool found_range = false;
  for (const auto& record : MedquadCorpus().docs) {
    found_range = found_range || !ParagraphContaining(record, "(8:00 - 4:30 ET)").empty();
  }
  EXPECT_TRUE(found_range);
}

TEST(MedquadJsonl, SkipsRecordsWithoutQuestionOrAnswer) {
  std::string jsonl = R"({"id": "m1", "question": "Q?", "answer": "  - a   - b  ", "site": "GARD"})"
                      "\n"
                      R"({"id": "m2", "question": "", "answer": "text"})"
                      "\n"
                      R"({"id": "m3", "question": "Q?", "answer": "   \n  "})"
                      "\n"
                      R"({"id": "m4", "question": "Q?", "answer": "x", "synonyms": "not a list"})"
                      "\n"
                      R"({"id": "m5", "question": "Q?", "answer": "x", "synonyms": [1]})";
  RecordingSink sink;
  ASSERT_TRUE(ParseMedquadJsonlBuffer(jsonl, "inline.jsonl", sink).ok());
  ASSERT_EQ(sink.docs.size(), 2u) << sink.ErrorSummary();
  EXPECT_EQ(sink.docs[0].sections[0].text, "a\n\nb");
  EXPECT_EQ(sink.docs[0].source, "Genetic and Rare Diseases Information Center");
  EXPECT_EQ(sink.docs[1].keywords, std::vector<std::string>{"not a list"});
  ASSERT_EQ(sink.errors.size(), 3u);
  EXPECT_EQ(sink.errors[0].position, "line 2 (m2)");
  EXPECT_EQ(sink.errors[1].position, "line 3 (m3)");
  EXPECT_EQ(sink.errors[2].position, "line 5 (m5)");
}

}  // namespace
}  // namespace evident
