#include "store/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "common/testing.h"

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// A document with `passages` passages "<id>#0".."<id>#n-1" whose text ends in `version`, so a
// changed version changes the content.
DocumentRecord MakeRecord(const std::string& id, int passages = 2, const std::string& version = "",
                          SourceKind kind = SourceKind::kResearch) {
  DocumentRecord record;
  record.doc.id = id;
  record.doc.title = "Title of " + id;
  record.doc.kind = kind;
  record.doc.year = 2020;
  record.doc.mesh = {"Neoplasms"};
  record.doc.keywords = {"tumour"};
  for (int i = 0; i < passages; ++i) {
    record.doc.sections.push_back({"SECTION " + std::to_string(i), "Text " + version});
    Passage p;
    p.id = id + "#" + std::to_string(i);
    p.doc_id = id;
    p.ordinal = i;
    p.heading = "SECTION " + std::to_string(i);
    p.text = "Passage " + std::to_string(i) + " of " + id + ". " + version;
    record.passages.push_back(p);
  }
  return record;
}

std::vector<std::string> PassageIds(const std::vector<Passage>& passages) {
  std::vector<std::string> ids;
  for (const auto& p : passages) ids.push_back(p.id);
  return ids;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = evident::testing::TempDir() + "/store.db";
    store_ = OpenOrDie();
  }

  std::unique_ptr<SqliteStore> OpenOrDie() {
    auto store = SqliteStore::Open(path_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  PutCounts Put(const std::vector<DocumentRecord>& batch) {
    PutCounts counts;
    Status status = store_->PutDocuments(batch, &counts);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return counts;
  }

  StoreStats StatsOrDie() {
    auto stats = store_->Stats();
    EXPECT_TRUE(stats.ok()) << stats.status().ToString();
    return stats.ok() ? *stats : StoreStats{};
  }

  // Runs a statement directly on the file, as another program inspecting it would.
  void ExecOnFile(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  int64_t QueryIntOnFile(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  std::string path_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, RoundTripsEveryDocumentField) {
  DocumentRecord record;
  Document& d = record.doc;
  d.id = "nci:CDR0000062787";
  d.title = "Gastrointestinal Neuroendocrine Tumors Treatment (PDQ\xc2\xae)";
  d.kind = SourceKind::kGuideline;
  d.audience = "patient";
  d.source = "National Cancer Institute";
  d.url = "https://www.cancer.gov/types/gi-carcinoid-tumors/hp/gi-carcinoid-treatment-pdq";
  d.year = 2024;
  d.date = "2024-03-08";
  d.pmid = "26389258";
  d.pmcid = "PMC123456";
  d.doi = "10.1000/xyz-123";
  d.authors = {"PDQ Adult Treatment Editorial Board", "O'Brien, \"Q\""};
  d.mesh = {"Neuroendocrine Tumors", "Carcinoid Tumor"};
  d.keywords = {"carcinoid", "NET"};
  d.publication_types = {"Review", "Practice Guideline"};
  d.retracted = true;
  d.partial = true;
  d.sections = {{"", "Unlabelled lead."}, {"Treatment of Hepatic Metastases", "First.\n\nSecond."}};
  d.references = {{27, "10592235", "Kwekkeboom DJ, et al. ..."}, {3, "", "A book, 1999."}};
  d.attributes = {{"grade", "B"}, {"origin", "pdq"}, {"empty", ""}};
  Passage p;
  p.id = d.id + "#0";
  p.doc_id = d.id;
  p.ordinal = 0;
  p.heading = "Treatment of Hepatic Metastases";
  p.text = "Embolization [27] and resection [3].";
  p.cited_refs = {27, 3};
  record.passages = {p};
  EXPECT_EQ(Put({record}).added, 1);

  auto got = store_->GetDocument(d.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, d.id);
  EXPECT_EQ(got->title, d.title);
  EXPECT_EQ(got->kind, d.kind);
  EXPECT_EQ(got->audience, d.audience);
  EXPECT_EQ(got->source, d.source);
  EXPECT_EQ(got->url, d.url);
  EXPECT_EQ(got->year, d.year);
  EXPECT_EQ(got->date, d.date);
  EXPECT_EQ(got->pmid, d.pmid);
  EXPECT_EQ(got->pmcid, d.pmcid);
  EXPECT_EQ(got->doi, d.doi);
  EXPECT_EQ(got->authors, d.authors);
  EXPECT_EQ(got->mesh, d.mesh);
  EXPECT_EQ(got->keywords, d.keywords);
  EXPECT_EQ(got->publication_types, d.publication_types);
  EXPECT_EQ(got->retracted, d.retracted);
  EXPECT_EQ(got->partial, d.partial);
  ASSERT_EQ(got->sections.size(), 2u);
  EXPECT_EQ(got->sections[0].heading, "");
  EXPECT_EQ(got->sections[0].text, "Unlabelled lead.");
  EXPECT_EQ(got->sections[1].heading, "Treatment of Hepatic Metastases");
  EXPECT_EQ(got->sections[1].text, "First.\n\nSecond.");
  ASSERT_EQ(got->references.size(), 2u);
  EXPECT_EQ(got->references[0].number, 27);
  EXPECT_EQ(got->references[0].pmid, "10592235");
  EXPECT_EQ(got->references[0].citation, "Kwekkeboom DJ, et al. ...");
  EXPECT_EQ(got->references[1].number, 3);
  EXPECT_EQ(got->references[1].pmid, "");
  EXPECT_EQ(got->attributes, d.attributes);

  auto passages = store_->GetPassagesOfDocument(d.id);
  ASSERT_TRUE(passages.ok()) << passages.status().ToString();
  ASSERT_EQ(passages->size(), 1u);
  const Passage& q = (*passages)[0];
  EXPECT_EQ(q.id, p.id);
  EXPECT_EQ(q.doc_id, p.doc_id);
  EXPECT_EQ(q.ordinal, p.ordinal);
  EXPECT_EQ(q.heading, p.heading);
  EXPECT_EQ(q.text, p.text);
  EXPECT_EQ(q.cited_refs, p.cited_refs);
}

TEST_F(SqliteStoreTest, ReadsOnlyTheDocumentPartsAskedFor) {
  DocumentRecord record = MakeRecord("nci:1", 1);
  Document& d = record.doc;
  d.title = "A guideline";
  d.kind = SourceKind::kGuideline;
  d.source = "National Cancer Institute";
  d.url = "https://www.cancer.gov/x";
  d.year = 2024;
  d.mesh = {"Neoplasms"};
  d.publication_types = {"Practice Guideline"};
  d.sections = {{"Treatment", "Text [1]."}};
  d.references = {{1, "10592235", "Kwekkeboom DJ, et al."}};
  Put({record});

  auto head = store_->GetDocument(d.id, {.lists = false, .sections = false, .references = false});
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->title, d.title);
  EXPECT_EQ(head->kind, d.kind);
  EXPECT_EQ(head->source, d.source);
  EXPECT_EQ(head->url, d.url);
  EXPECT_EQ(head->year, d.year);
  EXPECT_TRUE(head->mesh.empty());
  EXPECT_TRUE(head->publication_types.empty());
  EXPECT_TRUE(head->sections.empty());
  EXPECT_TRUE(head->references.empty());

  auto lists_and_references =
      store_->GetDocument(d.id, {.lists = true, .sections = false, .references = true});
  ASSERT_TRUE(lists_and_references.ok()) << lists_and_references.status().ToString();
  EXPECT_EQ(lists_and_references->mesh, d.mesh);
  EXPECT_EQ(lists_and_references->publication_types, d.publication_types);
  EXPECT_TRUE(lists_and_references->sections.empty());
  ASSERT_EQ(lists_and_references->references.size(), 1u);
  EXPECT_EQ(lists_and_references->references[0].pmid, "10592235");

  auto sections =
      store_->GetDocument(d.id, {.lists = false, .sections = true, .references = false});
  ASSERT_TRUE(sections.ok()) << sections.status().ToString();
  ASSERT_EQ(sections->sections.size(), 1u);
  EXPECT_EQ(sections->sections[0].text, "Text [1].");
  EXPECT_TRUE(sections->references.empty());

  EXPECT_TRUE(store_->GetDocument("nci:2", {.lists = false, .sections = false, .references = false})
                  .status()
                  .IsNotFound());
}

TEST_F(SqliteStoreTest, UnknownDocumentIsNotFound) {
  EXPECT_TRUE(store_->GetDocument("pmid:1").status().IsNotFound());
  EXPECT_TRUE(store_->GetPassagesOfDocument("pmid:1").status().IsNotFound());
}

TEST_F(SqliteStoreTest, DocumentWithoutPassagesHasEmptyPassageList) {
  Put({MakeRecord("pmid:1", 0)});
  auto passages = store_->GetPassagesOfDocument("pmid:1");
  ASSERT_TRUE(passages.ok());
  EXPECT_TRUE(passages->empty());
}

TEST_F(SqliteStoreTest, CountsAddedUpdatedAndUnchanged) {
  PutCounts first = Put({MakeRecord("pmid:1"), MakeRecord("pmid:2")});
  EXPECT_EQ(first.added, 2);
  EXPECT_EQ(first.updated, 0);
  EXPECT_EQ(first.unchanged, 0);

  PutCounts second =
      Put({MakeRecord("pmid:1"), MakeRecord("pmid:2", 2, "revised"), MakeRecord("pmid:3")});
  EXPECT_EQ(second.added, 1);
  EXPECT_EQ(second.updated, 1);
  EXPECT_EQ(second.unchanged, 1);
}

TEST_F(SqliteStoreTest, RePuttingTheSameBatchCreatesNoDuplicates) {
  std::vector<DocumentRecord> batch = {MakeRecord("pmid:1", 3), MakeRecord("pmid:2", 2)};
  batch[0].doc.references = {{1, "111", "Ref one"}};
  Put(batch);
  PutCounts again = Put(batch);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.added + again.updated, 0);
  StoreStats stats = StatsOrDie();
  EXPECT_EQ(stats.documents, 2);
  EXPECT_EQ(stats.passages, 5);
  EXPECT_EQ(stats.references, 1);
}

TEST_F(SqliteStoreTest, AnyChangedFieldCountsAsUpdate) {
  Put({MakeRecord("pmid:1")});
  DocumentRecord changed = MakeRecord("pmid:1");
  changed.doc.attributes["grade"] = "A";
  EXPECT_EQ(Put({changed}).updated, 1);
  changed.passages[1].cited_refs = {4};
  EXPECT_EQ(Put({changed}).updated, 1);
  changed.doc.retracted = true;
  EXPECT_EQ(Put({changed}).updated, 1);
  EXPECT_EQ(Put({changed}).unchanged, 1);
}

TEST_F(SqliteStoreTest, ChangedDocumentReplacesPassagesAndReferencesWithoutOrphans) {
  DocumentRecord old_version = MakeRecord("pmid:1", 4, "v1");
  old_version.doc.references = {{1, "111", "Old one"}, {2, "222", "Old two"}};
  Put({old_version, MakeRecord("pmid:2", 1)});

  DocumentRecord new_version = MakeRecord("pmid:1", 2, "v2");
  new_version.doc.references = {{1, "333", "New one"}};
  EXPECT_EQ(Put({new_version}).updated, 1);

  auto passages = store_->GetPassagesOfDocument("pmid:1");
  ASSERT_TRUE(passages.ok());
  EXPECT_THAT(PassageIds(*passages), ElementsAre("pmid:1#0", "pmid:1#1"));
  EXPECT_THAT((*passages)[0].text, HasSubstr("v2"));
  auto views = store_->GetPassageViews({"pmid:1#2", "pmid:1#3"});
  ASSERT_TRUE(views.ok());
  EXPECT_TRUE(views->empty());
  auto doc = store_->GetDocument("pmid:1");
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->references.size(), 1u);
  EXPECT_EQ(doc->references[0].pmid, "333");

  StoreStats stats = StatsOrDie();
  EXPECT_EQ(stats.documents, 2);
  EXPECT_EQ(stats.passages, 3);
  EXPECT_EQ(stats.references, 1);
  EXPECT_EQ(QueryIntOnFile("SELECT count(*) FROM passages WHERE doc_rowid NOT IN "
                           "(SELECT doc_rowid FROM documents)"),
            0);
}

TEST_F(SqliteStoreTest, RunAtomicallyCommitsEverythingOrNothing) {
  Put({MakeRecord("pmid:1")});
  // The body fails after writing: none of its writes stay.
  Status failed = store_->RunAtomically([&] {
    EXPECT_TRUE(store_->PutDocuments({MakeRecord("pmid:2")}, nullptr).ok());
    EXPECT_TRUE(store_->PutDocuments({MakeRecord("pmid:1", 2, "v2")}, nullptr).ok());
    EXPECT_TRUE(store_->SetMeta("index_generation", "gen-000009").ok());
    // Inside, the uncommitted writes are visible to this connection's reads ...
    EXPECT_TRUE(store_->GetDocument("pmid:2").ok());
    // ... and not to another connection's.
    EXPECT_EQ(QueryIntOnFile("SELECT count(*) FROM documents"), 1);
    return Status::IOError("disk full");
  });
  EXPECT_EQ(failed.message(), "disk full");
  EXPECT_TRUE(store_->GetDocument("pmid:2").status().IsNotFound());
  EXPECT_EQ(store_->GetDocument("pmid:1")->sections[0].text, "Text ");
  EXPECT_TRUE(store_->GetMeta("index_generation").status().IsNotFound());

  Status committed = store_->RunAtomically([&] {
    EXPECT_TRUE(store_->PutDocuments({MakeRecord("pmid:2")}, nullptr).ok());
    return store_->SetMeta("index_generation", "gen-000002");
  });
  ASSERT_TRUE(committed.ok()) << committed.ToString();
  EXPECT_EQ(QueryIntOnFile("SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(*store_->GetMeta("index_generation"), "gen-000002");
}

TEST_F(SqliteStoreTest, DeleteCascadesToPassagesAndReferences) {
  DocumentRecord gone = MakeRecord("pmid:1", 3);
  gone.doc.references = {{1, "111", "Ref"}};
  Put({gone, MakeRecord("pmid:2", 2)});

  int64_t deleted = -1;
  ASSERT_TRUE(store_->DeleteDocuments({"pmid:1", "pmid:404"}, &deleted).ok());
  EXPECT_EQ(deleted, 1);
  EXPECT_TRUE(store_->GetDocument("pmid:1").status().IsNotFound());
  StoreStats stats = StatsOrDie();
  EXPECT_EQ(stats.documents, 1);
  EXPECT_EQ(stats.passages, 2);
  EXPECT_EQ(stats.references, 0);
  EXPECT_TRUE(store_->DeleteDocuments({"pmid:1"}, nullptr).ok());

  EXPECT_EQ(Put({gone}).added, 1);  // a deleted id can come back
}

TEST_F(SqliteStoreTest, PassageViewsComeInTheOrderAskedAndSkipUnknownIds) {
  DocumentRecord record = MakeRecord("pmid:1", 3);
  record.doc.mesh = {"Breast Neoplasms", "Humans"};
  record.doc.keywords = {"mammography"};
  record.doc.kind = SourceKind::kConsumer;
  record.doc.audience = "patient";
  record.doc.year = 2011;
  record.doc.retracted = true;
  Put({record, MakeRecord("pmid:2", 1)});

  auto views = store_->GetPassageViews({"pmid:1#2", "nope#0", "pmid:2#0", "pmid:1#0"});
  ASSERT_TRUE(views.ok()) << views.status().ToString();
  ASSERT_EQ(views->size(), 3u);
  EXPECT_EQ((*views)[0].passage_id, "pmid:1#2");
  EXPECT_EQ((*views)[1].passage_id, "pmid:2#0");
  EXPECT_EQ((*views)[2].passage_id, "pmid:1#0");

  const PassageView& v = (*views)[0];
  EXPECT_EQ(v.doc_id, "pmid:1");
  EXPECT_EQ(v.title, "Title of pmid:1");
  EXPECT_EQ(v.heading, "SECTION 2");
  EXPECT_EQ(v.text, record.passages[2].text);
  EXPECT_EQ(v.keywords, "Breast Neoplasms; Humans; mammography");
  EXPECT_EQ(v.kind, SourceKind::kConsumer);
  EXPECT_EQ(v.audience, "patient");
  EXPECT_EQ(v.year, 2011);
  EXPECT_TRUE(v.retracted);
  EXPECT_EQ((*views)[1].keywords, "Neoplasms; tumour");
  EXPECT_FALSE((*views)[1].retracted);
}

TEST_F(SqliteStoreTest, ScanPassagesOrdersByDocumentIdThenOrdinal) {
  DocumentRecord b = MakeRecord("b", 3);
  std::swap(b.passages[0], b.passages[2]);  // ordinals arrive out of order
  DocumentRecord a = MakeRecord("a", 2);
  a.doc.keywords = {"alpha"};
  Put({b, MakeRecord("c", 1)});
  Put({a});

  std::vector<std::string> ids;
  std::vector<std::string> keywords;
  ASSERT_TRUE(store_
                  ->ScanPassages([&](const PassageView& v) {
                    ids.push_back(v.passage_id);
                    keywords.push_back(v.keywords);
                    return true;
                  })
                  .ok());
  EXPECT_THAT(ids, ElementsAre("a#0", "a#1", "b#0", "b#1", "b#2", "c#0"));
  EXPECT_EQ(keywords[1], "Neoplasms; alpha");
  EXPECT_EQ(keywords[2], "Neoplasms; tumour");
}

TEST_F(SqliteStoreTest, ScanPassagesStopsWhenAsked) {
  Put({MakeRecord("a", 3), MakeRecord("b", 3)});
  int seen = 0;
  ASSERT_TRUE(store_->ScanPassages([&](const PassageView&) { return ++seen < 4; }).ok());
  EXPECT_EQ(seen, 4);
  // The stopped scan left no snapshot behind: a write and a fresh scan see the new state.
  Put({MakeRecord("c", 1)});
  seen = 0;
  ASSERT_TRUE(store_->ScanPassages([&](const PassageView&) { return ++seen > 0; }).ok());
  EXPECT_EQ(seen, 7);
}

TEST_F(SqliteStoreTest, ScanOfEmptyStoreCallsNothing) {
  bool called = false;
  ASSERT_TRUE(store_->ScanPassages([&](const PassageView&) { return called = true; }).ok());
  EXPECT_FALSE(called);
}

TEST_F(SqliteStoreTest, StatsCountEverythingAndDocumentsByKind) {
  DocumentRecord retracted = MakeRecord("pmid:1", 2);
  retracted.doc.retracted = true;
  retracted.doc.references = {{1, "", "x"}, {2, "", "y"}};
  Put({retracted, MakeRecord("pmid:2", 1), MakeRecord("nci:1", 4, "", SourceKind::kGuideline),
       MakeRecord("medquad:1", 1, "", SourceKind::kConsumer),
       MakeRecord("medquad:2", 1, "", SourceKind::kConsumer),
       MakeRecord("medquad:3", 1, "", SourceKind::kConsumer)});
  StoreStats stats = StatsOrDie();
  EXPECT_EQ(stats.documents, 6);
  EXPECT_EQ(stats.passages, 10);
  EXPECT_EQ(stats.references, 2);
  EXPECT_EQ(stats.retracted, 1);
  EXPECT_THAT(stats.documents_by_kind,
              ElementsAre(Pair("consumer", 3), Pair("research", 2), Pair("guideline", 1)));
}

TEST_F(SqliteStoreTest, MetaIsSetOverwrittenAndReadBack) {
  EXPECT_TRUE(store_->GetMeta("corpus_generation").status().IsNotFound());
  ASSERT_TRUE(store_->SetMeta("corpus_generation", "3").ok());
  ASSERT_TRUE(store_->SetMeta("corpus_generation", "4").ok());
  auto value = store_->GetMeta("corpus_generation");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "4");
}

TEST_F(SqliteStoreTest, RecordsSchemaVersionAndWalMode) {
  EXPECT_EQ(QueryIntOnFile("PRAGMA user_version"), SqliteStore::kSchemaVersion);
  EXPECT_EQ(QueryIntOnFile("SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"),
            1);
  store_.reset();
  store_ = OpenOrDie();  // reopening an up-to-date file migrates nothing
  EXPECT_EQ(QueryIntOnFile("PRAGMA user_version"), SqliteStore::kSchemaVersion);
}

TEST_F(SqliteStoreTest, RefusesDatabaseWithNewerSchema) {
  store_.reset();
  ExecOnFile("PRAGMA user_version = " + std::to_string(SqliteStore::kSchemaVersion + 1));
  auto store = SqliteStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(store.status().message(), HasSubstr("newer than this build"));
  EXPECT_THAT(store.status().message(), HasSubstr(path_));
}

TEST_F(SqliteStoreTest, RefusesFileThatIsNotADatabase) {
  store_.reset();
  std::string path = evident::testing::TempDir() + "/not.db";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("this is not an SQLite database, just some text that is long enough to matter\n", f);
  std::fclose(f);
  auto store = SqliteStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption);
}

TEST_F(SqliteStoreTest, FailingBatchLeavesNothingOfItBehind) {
  Put({MakeRecord("pmid:1", 2, "v1")});

  DocumentRecord clash = MakeRecord("pmid:3", 1);
  clash.passages[0].id = "pmid:2#0";  // also a passage of pmid:2 below
  std::vector<DocumentRecord> batch = {MakeRecord("pmid:1", 1, "v2"), MakeRecord("pmid:2", 1),
                                       clash};
  PutCounts counts;
  counts.added = 99;
  Status status = store_->PutDocuments(batch, &counts);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("pmid:3"));
  EXPECT_EQ(counts.added, 99);  // not reported for a batch that was not written

  EXPECT_TRUE(store_->GetDocument("pmid:2").status().IsNotFound());
  auto passages = store_->GetPassagesOfDocument("pmid:1");
  ASSERT_TRUE(passages.ok());
  EXPECT_THAT(PassageIds(*passages), ElementsAre("pmid:1#0", "pmid:1#1"));
  EXPECT_THAT((*passages)[0].text, HasSubstr("v1"));
  StoreStats stats = StatsOrDie();
  EXPECT_EQ(stats.documents, 1);
  EXPECT_EQ(stats.passages, 2);

  EXPECT_EQ(Put({MakeRecord("pmid:2", 1)}).added, 1);  // the store is still usable
}

TEST_F(SqliteStoreTest, RejectsPassageOfAnotherDocumentAndEmptyIds) {
  DocumentRecord record = MakeRecord("pmid:1", 1);
  record.passages[0].doc_id = "pmid:9";
  Status status = store_->PutDocuments({record}, nullptr);
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("pmid:1"));
  EXPECT_EQ(store_->PutDocuments({MakeRecord("", 0)}, nullptr).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(StatsOrDie().documents, 0);
}

TEST_F(SqliteStoreTest, SecondStoreOnTheSameFileSeesCommittedData) {
  std::unique_ptr<SqliteStore> reader = OpenOrDie();
  ASSERT_NE(reader, nullptr);
  EXPECT_TRUE(reader->GetDocument("pmid:1").status().IsNotFound());
  Put({MakeRecord("pmid:1", 2)});
  ASSERT_TRUE(store_->SetMeta("corpus_generation", "7").ok());

  auto doc = reader->GetDocument("pmid:1");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "Title of pmid:1");
  auto generation = reader->GetMeta("corpus_generation");
  ASSERT_TRUE(generation.ok());
  EXPECT_EQ(*generation, "7");

  // A reader in the middle of a scan does not block the writer, and keeps its snapshot.
  int seen = 0;
  ASSERT_TRUE(reader
                  ->ScanPassages([&](const PassageView&) {
                    if (seen++ == 0) Put({MakeRecord("pmid:2", 5)});
                    return true;
                  })
                  .ok());
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(reader->Stats()->passages, 7);
}

TEST_F(SqliteStoreTest, ContentHashIsStableAcrossBuilds) {
  // Pinned: a different value means every stored document would count as updated once.
  DocumentRecord record = MakeRecord("pmid:1", 2, "v1");
  record.doc.references = {{1, "111", "Ref"}};
  record.doc.attributes = {{"grade", "A"}};
  record.passages[0].cited_refs = {1};
  Put({record});
  EXPECT_EQ(QueryIntOnFile("SELECT content_hash FROM documents WHERE id = 'pmid:1'"),
            -7343920944998680337LL);
}

TEST_F(SqliteStoreTest, IngestsManyBatches) {
  constexpr int kDocuments = 3000;
  constexpr int kBatch = 1000;
  for (int round = 0; round < 2; ++round) {
    PutCounts total;
    for (int start = 0; start < kDocuments; start += kBatch) {
      std::vector<DocumentRecord> batch;
      for (int i = start; i < start + kBatch; ++i) {
        batch.push_back(MakeRecord("pmid:" + std::to_string(i), 3));
      }
      PutCounts counts = Put(batch);
      total.added += counts.added;
      total.unchanged += counts.unchanged;
    }
    EXPECT_EQ(round == 0 ? total.added : total.unchanged, kDocuments);
  }
  StoreStats stats = StatsOrDie();
  EXPECT_EQ(stats.documents, kDocuments);
  EXPECT_EQ(stats.passages, 3 * kDocuments);
}

// A measurement, not a check: run with --gtest_also_run_disabled_tests to see documents per
// second for a corpus the size of the real one (~40k documents, ~150k passages).
TEST_F(SqliteStoreTest, DISABLED_BulkIngestThroughput) {
  constexpr int kDocuments = 40000;
  constexpr int kBatch = 1000;
  std::string filler(350, 'x');
  int64_t passages = 0;
  std::chrono::duration<double> put_time{0};
  for (int start = 0; start < kDocuments; start += kBatch) {
    std::vector<DocumentRecord> batch;
    for (int i = start; i < start + kBatch; ++i) {
      // Ids in hash-like order, as PMIDs arrive from the ingest, to exercise the indexes.
      DocumentRecord record =
          MakeRecord("pmid:" + std::to_string((i * 7919L) % 1000003), 3 + i % 2, filler);
      record.doc.authors = {"Smith J", "Doe A", "Roe B"};
      record.doc.references = {{1, "123", "Ref"}};
      passages += static_cast<int64_t>(record.passages.size());
      batch.push_back(std::move(record));
    }
    auto begin = std::chrono::steady_clock::now();
    Put(batch);
    put_time += std::chrono::steady_clock::now() - begin;
  }
  std::printf("put %d documents (%lld passages) in %.2f s: %.0f documents/s\n", kDocuments,
              static_cast<long long>(passages), put_time.count(), kDocuments / put_time.count());

  auto begin = std::chrono::steady_clock::now();
  int64_t scanned = 0;
  ASSERT_TRUE(store_->ScanPassages([&](const PassageView&) { return ++scanned > 0; }).ok());
  std::chrono::duration<double> scan_time = std::chrono::steady_clock::now() - begin;
  std::printf("scanned %lld passages in %.2f s\n", static_cast<long long>(scanned),
              scan_time.count());
  EXPECT_EQ(scanned, passages);
}

TEST(OpenStore, PlainPathOpensAnSqliteStore) {
  auto store = OpenStore(evident::testing::TempDir() + "/store.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_NE(dynamic_cast<SqliteStore*>(store->get()), nullptr);
}

TEST(OpenStore, TheCorpusStoreIsNeverPostgresql) {
  auto store = OpenStore("postgresql://localhost/evident");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(store.status().message(), HasSubstr("--store"));
}

TEST(OpenStore, StateInAnotherStoreGoesThereAndTheCorpusStaysInSqlite) {
  std::string corpus = evident::testing::TempDir() + "/corpus.db";
  std::string state = evident::testing::TempDir() + "/state.db";
  auto store = OpenStore(corpus, state);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->SetMeta("k", "v").ok());
  ASSERT_TRUE((*store)->PutArticle({"slug", "physician", "Q?", "{}", "", ""}, nullptr).ok());
  auto state_only = SqliteStore::Open(state);
  auto corpus_only = SqliteStore::Open(corpus);
  ASSERT_TRUE(state_only.ok() && corpus_only.ok());
  EXPECT_TRUE((*state_only)->GetArticle("slug", "physician").ok());
  EXPECT_TRUE((*corpus_only)->GetArticle("slug", "physician").status().IsNotFound());
  EXPECT_EQ(*(*corpus_only)->GetMeta("k"), "v");
  EXPECT_TRUE((*state_only)->GetMeta("k").status().IsNotFound());
}

// A store written by a build with schema 3 (articles without versions) keeps its articles:
// each becomes version 1, Submitted, with its content hash and a "created" audit event.
TEST_F(SqliteStoreTest, MigratesSavedArticlesToVersionOne) {
  store_.reset();
  // Back to schema 3: what version 4 added goes.
  ExecOnFile(R"sql(
    DROP TABLE review_events; DROP TABLE article_versions; DROP TABLE reviewer_sessions;
    DROP TABLE reviewers; DROP TABLE login_failures; DROP INDEX articles_by_status;
    ALTER TABLE articles DROP COLUMN latest_version; ALTER TABLE articles DROP COLUMN status;
    ALTER TABLE articles DROP COLUMN status_changed_at;
    ALTER TABLE articles DROP COLUMN approved_version;
    ALTER TABLE articles DROP COLUMN index_generation;
    DROP TABLE retraction_links; DROP INDEX documents_retracted;
    INSERT INTO articles VALUES ('role-of-x', 'physician', 'Role of X?', '2026-01-01T00:00:00Z',
      '2026-02-01T00:00:00Z', '{"v":1}');
    PRAGMA user_version = 3;
  )sql");
  store_ = OpenOrDie();
  ASSERT_NE(store_, nullptr);
  auto state = store_->GetReviewState("role-of-x", "physician");
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->status, ReviewStatus::kSubmitted);
  EXPECT_EQ(state->latest_version, 1);
  EXPECT_EQ(state->latest_hash, ArticleContentHash(R"({"v":1})"));
  EXPECT_EQ(state->status_changed_at, "2026-02-01T00:00:00Z");
  auto events = store_->ReviewEvents("role-of-x", "physician");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "created");
  EXPECT_EQ((*events)[0].version_hash, state->latest_hash);
}

// --- Retractions --------------------------------------------------------------------------------

DocumentRecord Notice(const std::string& id, const std::string& retraction_of) {
  DocumentRecord notice = MakeRecord(id, 1);
  notice.doc.publication_types = {"Retraction of Publication"};
  notice.doc.attributes["retraction_of"] = retraction_of;
  return notice;
}

bool IsRetracted(Store& store, const std::string& id) {
  auto doc = store.GetDocument(id, DocumentParts{false, false, false});
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() && doc->retracted;
}

TEST_F(SqliteStoreTest, ARetractionNoticeMarksThePapersItNamesNowOrWhenTheyArrive) {
  Put({MakeRecord("pmid:2"), Notice("pmid:9", "pmid:2,pmid:3")});
  EXPECT_FALSE(IsRetracted(*store_, "pmid:2"));
  int64_t marked = -1;
  ASSERT_TRUE(store_->MarkRetractions(&marked).ok());
  EXPECT_EQ(marked, 1);
  EXPECT_TRUE(IsRetracted(*store_, "pmid:2"));
  EXPECT_FALSE(IsRetracted(*store_, "pmid:9"));  // the notice is not itself retracted
  EXPECT_THAT(*store_->RetractionNoticesOf("pmid:2"), ElementsAre("pmid:9"));
  EXPECT_THAT(*store_->RetractionNoticesOf("pmid:3"), ElementsAre("pmid:9"));  // not held yet
  EXPECT_TRUE(store_->RetractionNoticesOf("pmid:9")->empty());
  auto views = store_->GetPassageViews({"pmid:2#0"});
  ASSERT_EQ(views->size(), 1u);
  EXPECT_TRUE((*views)[0].retracted);  // what the index is built from

  // The mark is not content: the same record again changes nothing and keeps it.
  EXPECT_EQ(Put({MakeRecord("pmid:2")}).unchanged, 1);
  EXPECT_TRUE(IsRetracted(*store_, "pmid:2"));
  ASSERT_TRUE(store_->MarkRetractions(&marked).ok());
  EXPECT_EQ(marked, 0);

  // The paper the notice named arrives later and is marked then.
  Put({MakeRecord("pmid:3")});
  ASSERT_TRUE(store_->MarkRetractions(&marked).ok());
  EXPECT_EQ(marked, 1);
  EXPECT_THAT(*store_->RetractedIds(), ElementsAre("pmid:2", "pmid:3"));

  // A changed record is stored as given, and marked again while the notice names it.
  EXPECT_EQ(Put({MakeRecord("pmid:2", 2, "v2")}).updated, 1);
  EXPECT_FALSE(IsRetracted(*store_, "pmid:2"));
  ASSERT_TRUE(store_->MarkRetractions(&marked).ok());
  EXPECT_EQ(marked, 1);
  EXPECT_TRUE(IsRetracted(*store_, "pmid:2"));
  EXPECT_EQ(StatsOrDie().retracted, 2);

  // The links belong to the notice's record.
  ASSERT_TRUE(store_->DeleteDocuments({"pmid:9"}, nullptr).ok());
  EXPECT_TRUE(store_->RetractionNoticesOf("pmid:2")->empty());
}

TEST_F(SqliteStoreTest, ARetractedPaperNamesItsOwnNotice) {
  DocumentRecord paper = MakeRecord("pmid:4");
  paper.doc.retracted = true;
  paper.doc.attributes["retracted_by"] = "pmid:40";
  Put({paper});
  EXPECT_THAT(*store_->RetractionNoticesOf("pmid:4"), ElementsAre("pmid:40"));
  EXPECT_THAT(*store_->RetractedIds(), ElementsAre("pmid:4"));
}

// A store of schema 5 keeps the retractions its notices state: version 6 reads them.
TEST_F(SqliteStoreTest, MigrationLinksTheNoticesAlreadyStored) {
  Put({MakeRecord("pmid:2"), Notice("pmid:9", "pmid:2,pmid:3"), Notice("pmid:8", "pmid:2")});
  store_.reset();
  ExecOnFile(
      "DROP TABLE retraction_links; DROP INDEX documents_retracted; PRAGMA user_version = 5;");
  store_ = OpenOrDie();
  ASSERT_NE(store_, nullptr);
  EXPECT_THAT(*store_->RetractionNoticesOf("pmid:2"), ElementsAre("pmid:8", "pmid:9"));
  EXPECT_THAT(*store_->RetractionNoticesOf("pmid:3"), ElementsAre("pmid:9"));
  ASSERT_TRUE(store_->MarkRetractions(nullptr).ok());
  EXPECT_TRUE(IsRetracted(*store_, "pmid:2"));
}

}  // namespace
}  // namespace evident
