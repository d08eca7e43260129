#include "store/sqlite_store.h"

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/review_status.h"
#include "store/sqlite_statement.h"

namespace evident {

using sqlite::Exec;
using sqlite::FromSqlite;
using sqlite::QueryInt;
using sqlite::Statement;
using sqlite::StatementUse;
using sqlite::Transaction;

namespace {

using Json = nlohmann::json;

// How long a connection waits for another writer (or a checkpoint) before giving up with
// Unavailable. A 1000-document batch commits in well under a second, so five seconds rides out
// another process's ingest without hanging a caller for long.
constexpr int kBusyTimeoutMs = 5000;

// How much of the database file reads go through a memory map (Configure).
constexpr int64_t kMmapBytes = int64_t{16} << 30;

// Each entry migrates the schema from version i to i + 1 and runs inside the migration
// transaction. Append new versions; never edit a released entry (databases have run it).
constexpr const char* kSqliteMigrations[] = {
    // Version 1. Large columns come last in each row so that reading the small leading columns
    // (passage views, hash lookups) does not walk overflow pages.
    R"sql(
      CREATE TABLE documents (
        doc_rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash INTEGER NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        audience TEXT NOT NULL,
        year INTEGER NOT NULL,
        retracted INTEGER NOT NULL,
        partial INTEGER NOT NULL,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        date TEXT NOT NULL,
        pmid TEXT NOT NULL,
        pmcid TEXT NOT NULL,
        doi TEXT NOT NULL,
        mesh TEXT NOT NULL,               -- JSON array of strings
        keywords TEXT NOT NULL,           -- JSON array of strings
        publication_types TEXT NOT NULL,  -- JSON array of strings
        authors TEXT NOT NULL,            -- JSON array of strings
        attributes TEXT NOT NULL,         -- JSON object of strings
        sections TEXT NOT NULL            -- JSON array of {"heading", "text"}
      );
      CREATE INDEX documents_by_pmid ON documents(pmid) WHERE pmid <> '';

      CREATE TABLE passages (
        passage_rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        doc_rowid INTEGER NOT NULL REFERENCES documents(doc_rowid) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        heading TEXT NOT NULL,
        text TEXT NOT NULL,
        cited_refs TEXT NOT NULL          -- JSON array of reference numbers
      );
      CREATE UNIQUE INDEX passages_by_doc ON passages(doc_rowid, ordinal);

      CREATE TABLE doc_references (
        doc_rowid INTEGER NOT NULL REFERENCES documents(doc_rowid) ON DELETE CASCADE,
        position INTEGER NOT NULL,        -- order in the document's reference list
        number INTEGER NOT NULL,
        pmid TEXT NOT NULL,
        citation TEXT NOT NULL,
        PRIMARY KEY (doc_rowid, position)
      ) WITHOUT ROWID;
      CREATE INDEX doc_references_by_pmid ON doc_references(pmid) WHERE pmid <> '';

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    )sql",
    // Version 2: conversations, so follow-up questions are read in context.
    R"sql(
      CREATE TABLE conversation_turns (
        conversation_id TEXT NOT NULL,
        turn INTEGER NOT NULL,
        question TEXT NOT NULL,
        resolved_question TEXT NOT NULL,
        slug TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, turn)
      ) WITHOUT ROWID;
    )sql",
    // Version 3: saved articles, one per question slug and audience.
    R"sql(
      CREATE TABLE articles (
        slug TEXT NOT NULL,
        audience TEXT NOT NULL,
        question TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (slug, audience)
      ) WITHOUT ROWID;
      CREATE INDEX articles_by_update ON articles(updated_at);
    )sql",
    // Version 4: article versions, editorial review with an append-only audit log, reviewer
    // accounts, sessions and failed sign-ins (store/state_store.h). Saved articles become
    // version 1, Submitted; sha256() is the connection's ArticleContentHash.
    R"sql(
      ALTER TABLE articles ADD COLUMN latest_version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE articles ADD COLUMN status TEXT NOT NULL DEFAULT 'submitted';
      ALTER TABLE articles ADD COLUMN status_changed_at TEXT NOT NULL DEFAULT '';
      ALTER TABLE articles ADD COLUMN approved_version INTEGER NOT NULL DEFAULT 0;
      UPDATE articles SET status_changed_at = updated_at;
      CREATE INDEX articles_by_status ON articles(status, status_changed_at);

      CREATE TABLE article_versions (
        slug TEXT NOT NULL,
        audience TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        index_generation TEXT NOT NULL,
        cited_ids TEXT NOT NULL,          -- JSON array of document ids
        created_at TEXT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (slug, audience, version)
      ) WITHOUT ROWID;
      INSERT INTO article_versions
        SELECT slug, audience, 1, sha256(content), '', '[]', updated_at, content FROM articles;

      CREATE TABLE review_events (
        event_id INTEGER PRIMARY KEY AUTOINCREMENT,
        slug TEXT NOT NULL,
        audience TEXT NOT NULL,
        version INTEGER NOT NULL,
        version_hash TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_status TEXT NOT NULL,        -- '' for "created"
        to_status TEXT NOT NULL,
        comment TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX review_events_by_article ON review_events(slug, audience, event_id);
      CREATE TRIGGER review_events_no_update BEFORE UPDATE ON review_events
        BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END;
      CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events
        BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END;
      INSERT INTO review_events (slug, audience, version, version_hash, action, actor,
                                 from_status, to_status, comment, created_at)
        SELECT slug, audience, 1, content_hash, 'created', 'system', '', 'submitted', '',
               created_at FROM article_versions ORDER BY created_at, slug, audience;

      CREATE TABLE reviewers (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE reviewer_sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES reviewers(username),
        created_s INTEGER NOT NULL,
        expires_s INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX reviewer_sessions_by_user ON reviewer_sessions(username);

      CREATE TABLE login_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_s INTEGER NOT NULL
      ) WITHOUT ROWID;
    )sql",
    // Version 5: the index generation each article was last composed from, so a server notices
    // an article to compose again after the corpus changed.
    R"sql(
      ALTER TABLE articles ADD COLUMN index_generation TEXT NOT NULL DEFAULT '';
      UPDATE articles SET index_generation = (
        SELECT v.index_generation FROM article_versions v WHERE v.slug = articles.slug
          AND v.audience = articles.audience AND v.version = articles.latest_version);
    )sql",
    // Version 6: retractions stated by stored records (Store::MarkRetractions), kept with the
    // record that states them; the notices stored before this version are read for theirs
    // (attributes.retraction_of, "pmid:M[,pmid:K...]").
    R"sql(
      CREATE TABLE retraction_links (
        doc_rowid INTEGER NOT NULL REFERENCES documents(doc_rowid) ON DELETE CASCADE,
        retracted_id TEXT NOT NULL,
        notice_id TEXT NOT NULL,
        PRIMARY KEY (doc_rowid, retracted_id, notice_id)
      ) WITHOUT ROWID;
      CREATE INDEX retraction_links_by_retracted ON retraction_links(retracted_id);
      CREATE INDEX documents_retracted ON documents(id) WHERE retracted <> 0;
      WITH RECURSIVE split(doc_rowid, notice_id, item, rest) AS (
        SELECT doc_rowid, id, '', json_extract(attributes, '$.retraction_of') || ','
          FROM documents WHERE json_extract(attributes, '$.retraction_of') IS NOT NULL
        UNION ALL
        SELECT doc_rowid, notice_id, substr(rest, 1, instr(rest, ',') - 1),
               substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> ''
      )
      INSERT OR IGNORE INTO retraction_links (doc_rowid, retracted_id, notice_id)
        SELECT doc_rowid, item, notice_id FROM split WHERE item <> '';
    )sql",
};
static_assert(std::size(kSqliteMigrations) == SqliteStore::kSchemaVersion,
              "one migration per schema version");

Result<int> UserVersion(sqlite3* db) {
  Result<Statement> pragma = Statement::Prepare(db, "PRAGMA user_version");
  if (!pragma.ok()) return pragma.status();
  Result<int64_t> version = QueryInt(*pragma);
  if (!version.ok()) return version.status();
  return static_cast<int>(*version);
}

Status RefuseNewerSchema(int version) {
  return Status::InvalidArgument(
      "schema version " + std::to_string(version) + " is newer than this build understands (" +
      std::to_string(SqliteStore::kSchemaVersion) + "); open it with a newer evident");
}

// Brings the schema to kSchemaVersion. The version is read again under the write lock because
// another process may have migrated the file in the meantime.
Status Migrate(sqlite3* db) {
  Result<int> version = UserVersion(db);
  if (!version.ok()) return version.status();
  if (*version > SqliteStore::kSchemaVersion) return RefuseNewerSchema(*version);
  if (*version == SqliteStore::kSchemaVersion) return Status::OK();

  EVIDENT_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  Status status = [&]() -> Status {
    Result<int> locked_version = UserVersion(db);
    if (!locked_version.ok()) return locked_version.status();
    if (*locked_version > SqliteStore::kSchemaVersion) return RefuseNewerSchema(*locked_version);
    for (int v = *locked_version; v < SqliteStore::kSchemaVersion; ++v) {
      Status applied = Exec(db, kSqliteMigrations[v]);
      if (!applied.ok()) {
        return applied.WithContext("migrating schema to version " + std::to_string(v + 1));
      }
      // The version number is ours, not a value from outside; PRAGMA arguments cannot be bound.
      EVIDENT_RETURN_IF_ERROR(Exec(db, "PRAGMA user_version = " + std::to_string(v + 1)));
    }
    return Exec(db, "COMMIT");
  }();
  if (!status.ok()) Exec(db, "ROLLBACK");
  return status;
}

// sha256(text): ArticleContentHash, for migrations that hash saved content.
void Sha256Function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  std::string hash = ArticleContentHash(
      std::string_view(text == nullptr ? "" : text, sqlite3_value_bytes(argv[0])));
  sqlite3_result_text(context, hash.c_str(), static_cast<int>(hash.size()), SQLITE_TRANSIENT);
}

// A database in a directory this process cannot write (a read-only mount, say) is opened
// immutable: SQLite could not create the WAL's -shm file beside it, and nothing can change it.
bool InReadOnlyDirectory(const std::string& path) {
  if (path.empty() || path == ":memory:" || ::access(path.c_str(), F_OK) != 0) return false;
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  return ::access(dir.c_str(), W_OK) != 0;
}

// Opens a read-only database: nothing to switch or migrate, only to check the schema version.
Status ConfigureReadOnly(sqlite3* db) {
  sqlite3_extended_result_codes(db, 1);
  Result<int> version = UserVersion(db);
  if (!version.ok()) return version.status();
  if (*version > SqliteStore::kSchemaVersion) return RefuseNewerSchema(*version);
  if (*version < SqliteStore::kSchemaVersion) {
    return Status::FailedPrecondition("schema version " + std::to_string(*version) +
                                      " needs migrating, which a read-only directory prevents");
  }
  return Status::OK();
}

Status Configure(sqlite3* db) {
  sqlite3_extended_result_codes(db, 1);
  int rc = sqlite3_create_function(db, "sha256", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                   Sha256Function, nullptr, nullptr);
  if (rc != SQLITE_OK) return FromSqlite(db, rc);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  Result<Statement> journal = Statement::Prepare(db, "PRAGMA journal_mode = WAL");
  if (!journal.ok()) return journal.status();
  {
    StatementUse q(*journal);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status();
    std::string mode = *row ? q->Text(0) : "";
    // An in-memory database reports "memory"; it has no readers to share with anyway.
    if (mode != "wal" && mode != "memory") {
      return Status::IOError("cannot switch to WAL journal mode (got \"" + mode + "\")");
    }
  }
  EVIDENT_RETURN_IF_ERROR(Exec(db, "PRAGMA synchronous = NORMAL"));
  EVIDENT_RETURN_IF_ERROR(Exec(db, "PRAGMA foreign_keys = ON"));
  // Read the file through a memory map rather than one pread() per page: on a corpus far larger
  // than SQLite's page cache most page reads miss it, and a system call each was a third of the
  // time `evident ask` spent reading passages. SQLite caps the size at its compile-time limit
  // (2 GiB in Debian 12); beyond the mapped part it reads as before. The file never shrinks
  // (no VACUUM, no auto_vacuum), so the map cannot outlive the bytes it covers.
  EVIDENT_RETURN_IF_ERROR(Exec(db, "PRAGMA mmap_size = " + std::to_string(kMmapBytes)));
  return Migrate(db);
}

// FNV-1a 64 (Fowler, Noll, Vo; draft-eastlake-fnv): stable across builds and platforms, and at
// ~1e5 documents an accidental collision (which would hide one change) has odds near 1e-10.
// Every string is preceded by its length so that field boundaries are part of what is hashed.
class ContentHasher {
 public:
  ContentHasher() { Add(std::string_view("evident.document.v1")); }

  void Add(std::string_view text) {
    Add(static_cast<int64_t>(text.size()));
    AddBytes(text.data(), text.size());
  }
  void Add(int64_t value) {
    unsigned char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));
    AddBytes(bytes, sizeof(bytes));
  }
  void Add(const std::vector<std::string>& list) {
    Add(static_cast<int64_t>(list.size()));
    for (const auto& item : list) Add(std::string_view(item));
  }

  uint64_t value() const { return hash_; }

 private:
  void AddBytes(const void* data, size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
      hash_ ^= bytes[i];
      hash_ *= 0x100000001b3ULL;  // FNV 64-bit prime
    }
  }

  uint64_t hash_ = 0xcbf29ce484222325ULL;  // FNV 64-bit offset basis
};

uint64_t ContentHash(const DocumentRecord& record) {
  const Document& d = record.doc;
  ContentHasher h;
  for (std::string_view field :
       {std::string_view(d.id), std::string_view(d.title), std::string_view(SourceKindName(d.kind)),
        std::string_view(d.audience), std::string_view(d.source), std::string_view(d.url),
        std::string_view(d.date), std::string_view(d.pmid), std::string_view(d.pmcid),
        std::string_view(d.doi)}) {
    h.Add(field);
  }
  h.Add(int64_t{d.year});
  h.Add(int64_t{d.retracted});
  h.Add(int64_t{d.partial});
  h.Add(d.authors);
  h.Add(d.mesh);
  h.Add(d.keywords);
  h.Add(d.publication_types);
  h.Add(static_cast<int64_t>(d.sections.size()));
  for (const Section& s : d.sections) {
    h.Add(std::string_view(s.heading));
    h.Add(std::string_view(s.text));
  }
  h.Add(static_cast<int64_t>(d.references.size()));
  for (const Reference& r : d.references) {
    h.Add(int64_t{r.number});
    h.Add(std::string_view(r.pmid));
    h.Add(std::string_view(r.citation));
  }
  h.Add(static_cast<int64_t>(d.attributes.size()));
  for (const auto& [key, value] : d.attributes) {
    h.Add(std::string_view(key));
    h.Add(std::string_view(value));
  }
  h.Add(static_cast<int64_t>(record.passages.size()));
  for (const Passage& p : record.passages) {
    h.Add(std::string_view(p.id));
    h.Add(std::string_view(p.doc_id));
    h.Add(int64_t{p.ordinal});
    h.Add(std::string_view(p.heading));
    h.Add(std::string_view(p.text));
    h.Add(static_cast<int64_t>(p.cited_refs.size()));
    for (int ref : p.cited_refs) h.Add(int64_t{ref});
  }
  return h.value();
}

// JSON text for a column. Invalid UTF-8 (seen in scraped sources) becomes U+FFFD instead of
// failing the batch; the content hash is taken over the original bytes.
std::string ToJsonText(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string SectionsToJsonText(const std::vector<Section>& sections) {
  Json json = Json::array();
  for (const Section& s : sections) json.push_back({{"heading", s.heading}, {"text", s.text}});
  return ToJsonText(json);
}

// Reads a JSON column into `out`; Corruption if the text is not JSON of the expected shape.
template <typename T>
Status FromJsonText(const std::string& text, const char* column, T* out) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded())
    return Status::Corruption(std::string("column ") + column + ": not JSON");
  try {
    *out = json.get<T>();
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("column ") + column + ": " + e.what());
  }
  return Status::OK();
}

Status SectionsFromJsonText(const std::string& text, std::vector<Section>* sections) {
  std::vector<std::map<std::string, std::string>> objects;
  EVIDENT_RETURN_IF_ERROR(FromJsonText(text, "sections", &objects));
  sections->clear();
  for (auto& object : objects) {
    sections->push_back({std::move(object["heading"]), std::move(object["text"])});
  }
  return Status::OK();
}

std::string JoinKeywords(const std::vector<std::string>& mesh,
                         const std::vector<std::string>& keywords) {
  std::string joined;
  for (const auto* list : {&mesh, &keywords}) {
    for (const auto& term : *list) {
      if (!joined.empty()) joined += "; ";
      joined += term;
    }
  }
  return joined;
}

// The ids of a comma-separated attribute ("pmid:1,pmid:2"); none if the attribute is absent.
std::vector<std::string> IdList(const Document& d, const char* attribute) {
  std::vector<std::string> ids;
  auto it = d.attributes.find(attribute);
  if (it == d.attributes.end()) return ids;
  const std::string& list = it->second;
  for (size_t start = 0; start < list.size();) {
    size_t end = std::min(list.find(',', start), list.size());
    if (end > start) ids.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return ids;
}

// The retractions `d` states, as (retracted id, notice id): a notice's "retraction_of", a
// retracted paper's "retracted_by".
std::vector<std::pair<std::string, std::string>> RetractionLinks(const Document& d) {
  std::vector<std::pair<std::string, std::string>> links;
  for (std::string& id : IdList(d, "retraction_of")) links.emplace_back(std::move(id), d.id);
  for (std::string& id : IdList(d, "retracted_by")) links.emplace_back(d.id, std::move(id));
  return links;
}

// Columns of a passage view, shared by GetPassageViews and ScanPassages.
constexpr const char* kPassageViewColumns =
    "p.id, d.id, d.title, p.heading, p.text, d.mesh, d.keywords, d.kind, d.audience, d.year, "
    "d.retracted, d.doc_rowid";

// Fills `view` from a row of kPassageViewColumns. The keywords are decoded only when the row's
// document differs from `*keywords_doc_rowid`; a scan reusing one view over consecutive passages
// of a document decodes them once per document.
Status ReadPassageView(const Statement& q, PassageView* view, int64_t* keywords_doc_rowid) {
  view->passage_id = q.Text(0);
  view->doc_id = q.Text(1);
  view->title = q.Text(2);
  view->heading = q.Text(3);
  view->text = q.Text(4);
  view->kind = SourceKindFromName(q.Text(7));
  view->audience = q.Text(8);
  view->year = static_cast<int>(q.Int(9));
  view->retracted = q.Int(10) != 0;
  int64_t doc_rowid = q.Int(11);
  if (doc_rowid != *keywords_doc_rowid) {
    std::vector<std::string> mesh, keywords;
    EVIDENT_RETURN_IF_ERROR(FromJsonText(q.Text(5), "mesh", &mesh));
    EVIDENT_RETURN_IF_ERROR(FromJsonText(q.Text(6), "keywords", &keywords));
    view->keywords = JoinKeywords(mesh, keywords);
    *keywords_doc_rowid = doc_rowid;
  }
  return Status::OK();
}

}  // namespace

struct SqliteStore::Statements {
  Statement begin_read, begin_write, commit, rollback;
  Statement find_document, insert_document, delete_document;
  Statement insert_passage, insert_reference;
  Statement select_document, select_document_head, select_references, select_passages,
      select_passage_view;
  Statement count_documents, count_passages, count_references, count_retracted, count_by_kind;
  Statement set_meta, get_meta;
  Statement insert_retraction_link, mark_retractions, select_retracted, select_notices_of;

  Status PrepareAll(sqlite3* db) {
    std::pair<Statement*, std::string> all[] = {
        {&begin_read, "BEGIN"},
        {&begin_write, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&find_document, "SELECT doc_rowid, content_hash FROM documents WHERE id = ?1"},
        {&insert_document,
         "INSERT INTO documents (id, content_hash, title, kind, audience, year, retracted, "
         "partial, source, url, date, pmid, pmcid, doi, mesh, keywords, publication_types, "
         "authors, attributes, sections) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
         "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"},
        {&delete_document, "DELETE FROM documents WHERE id = ?1"},
        {&insert_passage,
         "INSERT INTO passages (id, doc_rowid, ordinal, heading, text, cited_refs) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
        {&insert_reference,
         "INSERT INTO doc_references (doc_rowid, position, number, pmid, citation) "
         "VALUES (?1, ?2, ?3, ?4, ?5)"},
        {&select_document,
         "SELECT doc_rowid, id, title, kind, audience, year, retracted, partial, source, url, "
         "date, pmid, pmcid, doi, mesh, keywords, publication_types, authors, attributes, "
         "sections FROM documents WHERE id = ?1"},
        // The same columns but the sections, which are large and stored last: a row read
        // without them stops before its overflow pages.
        {&select_document_head,
         "SELECT doc_rowid, id, title, kind, audience, year, retracted, partial, source, url, "
         "date, pmid, pmcid, doi, mesh, keywords, publication_types, authors, attributes "
         "FROM documents WHERE id = ?1"},
        {&select_references,
         "SELECT number, pmid, citation FROM doc_references WHERE doc_rowid = ?1 "
         "ORDER BY position"},
        {&select_passages,
         "SELECT id, ordinal, heading, text, cited_refs FROM passages WHERE doc_rowid = ?1 "
         "ORDER BY ordinal"},
        {&select_passage_view, std::string("SELECT ") + kPassageViewColumns +
                                   " FROM passages p JOIN documents d USING (doc_rowid) "
                                   "WHERE p.id = ?1"},
        {&count_documents, "SELECT count(*) FROM documents"},
        {&count_passages, "SELECT count(*) FROM passages"},
        {&count_references, "SELECT count(*) FROM doc_references"},
        {&count_retracted, "SELECT count(*) FROM documents WHERE retracted <> 0"},
        {&count_by_kind,
         "SELECT kind, count(*) AS n FROM documents GROUP BY kind ORDER BY n DESC, kind"},
        {&set_meta,
         "INSERT INTO meta (key, value) VALUES (?1, ?2) "
         "ON CONFLICT (key) DO UPDATE SET value = excluded.value"},
        {&get_meta, "SELECT value FROM meta WHERE key = ?1"},
        {&insert_retraction_link,
         "INSERT OR IGNORE INTO retraction_links (doc_rowid, retracted_id, notice_id) "
         "VALUES (?1, ?2, ?3)"},
        // The content hash is left alone: the mark is not part of the record (store.h).
        {&mark_retractions,
         "UPDATE documents SET retracted = 1 WHERE retracted = 0 AND id IN "
         "(SELECT retracted_id FROM retraction_links)"},
        {&select_retracted, "SELECT id FROM documents WHERE retracted <> 0 ORDER BY id"},
        {&select_notices_of,
         "SELECT DISTINCT notice_id FROM retraction_links WHERE retracted_id = ?1 "
         "ORDER BY notice_id"},
    };
    return sqlite::PrepareEach(db, all);
  }
};

SqliteStore::SqliteStore(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), statements_(std::make_unique<Statements>()) {}

SqliteStore::~SqliteStore() {
  statements_.reset();  // finalize before closing
  state_.reset();
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  std::string context = "opening SQLite store " + path;
  sqlite3* db = nullptr;
  bool read_only = InReadOnlyDirectory(path);
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof(escaped), "%%%02X", static_cast<unsigned char>(c));
      uri += escaped;
    } else {
      uri += c;
    }
  }
  int rc =
      read_only
          ? sqlite3_open_v2((uri + "?immutable=1").c_str(), &db,
                            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr)
          : sqlite3_open_v2(path.c_str(), &db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr);
  // The store owns the handle from here on, even when opening failed.
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path));
  if (rc != SQLITE_OK) return FromSqlite(db, rc).WithContext(context);
  EVIDENT_RETURN_IF_ERROR((read_only ? ConfigureReadOnly(db) : Configure(db)).WithContext(context));
  EVIDENT_RETURN_IF_ERROR(store->statements_->PrepareAll(db).WithContext(context));
  EVIDENT_RETURN_IF_ERROR(store->PrepareState().WithContext(context));
  return store;
}

Status SqliteStore::PutDocuments(const std::vector<DocumentRecord>& batch, PutCounts* counts) {
  Statements& st = *statements_;
  PutCounts batch_counts;
  Transaction transaction(st.rollback);
  Status status = transaction.Begin(st.begin_write);
  for (size_t i = 0; status.ok() && i < batch.size(); ++i) {
    status = PutRecord(batch[i], &batch_counts).WithContext("document " + batch[i].doc.id);
  }
  if (status.ok()) status = transaction.Commit(st.commit);
  if (!status.ok()) {
    return status.WithContext("storing a batch of " + std::to_string(batch.size()) +
                              " documents in " + path_);
  }
  if (counts != nullptr) *counts = batch_counts;
  return Status::OK();
}

Status SqliteStore::RunAtomically(const std::function<Status()>& body) {
  Statements& st = *statements_;
  Transaction transaction(st.rollback);
  Status status = transaction.Begin(st.begin_write);
  if (status.ok()) status = body();
  if (status.ok()) status = transaction.Commit(st.commit).WithContext("committing to " + path_);
  return status;
}

Status SqliteStore::PutRecord(const DocumentRecord& record, PutCounts* counts) {
  if (record.doc.id.empty()) return Status::InvalidArgument("empty document id");
  for (const Passage& p : record.passages) {
    if (!p.doc_id.empty() && p.doc_id != record.doc.id) {
      return Status::InvalidArgument("passage " + p.id + " belongs to document " + p.doc_id);
    }
  }
  Statements& st = *statements_;
  uint64_t hash = ContentHash(record);
  bool exists = false;
  {
    StatementUse find(st.find_document);
    find->Bind(1, record.doc.id);
    Result<bool> row = find->Step();
    if (!row.ok()) return row.status();
    exists = *row;
    if (exists && static_cast<uint64_t>(find->Int(1)) == hash) {
      ++counts->unchanged;
      return Status::OK();
    }
  }
  if (exists) {
    // Deleting the row cascades to its passages and references; the new version is inserted
    // whole below, so no orphan of the old one can survive.
    StatementUse del(st.delete_document);
    del->Bind(1, record.doc.id);
    EVIDENT_RETURN_IF_ERROR(del->Run());
  }
  EVIDENT_RETURN_IF_ERROR(InsertRecord(record, hash));
  ++(exists ? counts->updated : counts->added);
  return Status::OK();
}

Status SqliteStore::InsertRecord(const DocumentRecord& record, uint64_t content_hash) {
  Statements& st = *statements_;
  const Document& d = record.doc;
  {
    StatementUse q(st.insert_document);
    q->Bind(1, d.id);
    q->Bind(2, static_cast<int64_t>(content_hash));
    q->Bind(3, d.title);
    q->Bind(4, SourceKindName(d.kind));
    q->Bind(5, d.audience);
    q->Bind(6, int64_t{d.year});
    q->Bind(7, int64_t{d.retracted});
    q->Bind(8, int64_t{d.partial});
    q->Bind(9, d.source);
    q->Bind(10, d.url);
    q->Bind(11, d.date);
    q->Bind(12, d.pmid);
    q->Bind(13, d.pmcid);
    q->Bind(14, d.doi);
    q->Bind(15, ToJsonText(d.mesh));
    q->Bind(16, ToJsonText(d.keywords));
    q->Bind(17, ToJsonText(d.publication_types));
    q->Bind(18, ToJsonText(d.authors));
    q->Bind(19, ToJsonText(d.attributes));
    q->Bind(20, SectionsToJsonText(d.sections));
    EVIDENT_RETURN_IF_ERROR(q->Run());
  }
  int64_t doc_rowid = sqlite3_last_insert_rowid(db_);
  for (size_t i = 0; i < d.references.size(); ++i) {
    const Reference& r = d.references[i];
    StatementUse q(st.insert_reference);
    q->Bind(1, doc_rowid);
    q->Bind(2, static_cast<int64_t>(i));
    q->Bind(3, int64_t{r.number});
    q->Bind(4, r.pmid);
    q->Bind(5, r.citation);
    Status status = q->Run();
    if (!status.ok()) return status.WithContext("reference " + std::to_string(r.number));
  }
  for (const auto& [retracted_id, notice_id] : RetractionLinks(d)) {
    StatementUse q(st.insert_retraction_link);
    q->Bind(1, doc_rowid);
    q->Bind(2, retracted_id);
    q->Bind(3, notice_id);
    Status status = q->Run();
    if (!status.ok()) return status.WithContext("retraction of " + retracted_id);
  }
  for (const Passage& p : record.passages) {
    StatementUse q(st.insert_passage);
    q->Bind(1, p.id);
    q->Bind(2, doc_rowid);
    q->Bind(3, int64_t{p.ordinal});
    q->Bind(4, p.heading);
    q->Bind(5, p.text);
    q->Bind(6, ToJsonText(p.cited_refs));
    Status status = q->Run();
    if (!status.ok()) return status.WithContext("passage " + p.id);
  }
  return Status::OK();
}

Status SqliteStore::DeleteDocuments(const std::vector<std::string>& ids, int64_t* deleted) {
  Statements& st = *statements_;
  int64_t existed = 0;
  Transaction transaction(st.rollback);
  Status status = transaction.Begin(st.begin_write);
  for (size_t i = 0; status.ok() && i < ids.size(); ++i) {
    StatementUse q(st.delete_document);
    q->Bind(1, ids[i]);
    status = q->Run().WithContext("document " + ids[i]);
    existed += sqlite3_changes(db_);  // the document row only, not its cascaded rows
  }
  if (status.ok()) status = transaction.Commit(st.commit);
  if (!status.ok()) return status.WithContext("deleting documents from " + path_);
  if (deleted != nullptr) *deleted = existed;
  return Status::OK();
}

Result<Document> SqliteStore::GetDocument(const std::string& id, DocumentParts parts) {
  Statements& st = *statements_;
  std::string context = "reading document " + id + " from " + path_;
  Transaction transaction(st.rollback);  // one snapshot for the row and its references
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_read).WithContext(context));
  Document d;
  int64_t doc_rowid = 0;
  {
    StatementUse q(parts.sections ? st.select_document : st.select_document_head);
    q->Bind(1, id);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (!*row) return Status::NotFound("no document " + id + " in " + path_);
    doc_rowid = q->Int(0);
    d.id = q->Text(1);
    d.title = q->Text(2);
    d.kind = SourceKindFromName(q->Text(3));
    d.audience = q->Text(4);
    d.year = static_cast<int>(q->Int(5));
    d.retracted = q->Int(6) != 0;
    d.partial = q->Int(7) != 0;
    d.source = q->Text(8);
    d.url = q->Text(9);
    d.date = q->Text(10);
    d.pmid = q->Text(11);
    d.pmcid = q->Text(12);
    d.doi = q->Text(13);
    Status status;
    if (parts.lists) {
      status = FromJsonText(q->Text(14), "mesh", &d.mesh);
      if (status.ok()) status = FromJsonText(q->Text(15), "keywords", &d.keywords);
      if (status.ok())
        status = FromJsonText(q->Text(16), "publication_types", &d.publication_types);
      if (status.ok()) status = FromJsonText(q->Text(17), "authors", &d.authors);
      if (status.ok()) status = FromJsonText(q->Text(18), "attributes", &d.attributes);
    }
    if (status.ok() && parts.sections) status = SectionsFromJsonText(q->Text(19), &d.sections);
    if (!status.ok()) return status.WithContext(context);
  }
  if (parts.references) {
    StatementUse q(st.select_references);
    q->Bind(1, doc_rowid);
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext(context);
      if (!*row) break;
      d.references.push_back({static_cast<int>(q->Int(0)), q->Text(1), q->Text(2)});
    }
  }
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return d;
}

Result<std::vector<Passage>> SqliteStore::GetPassagesOfDocument(const std::string& doc_id) {
  Statements& st = *statements_;
  std::string context = "reading passages of " + doc_id + " from " + path_;
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_read).WithContext(context));
  int64_t doc_rowid = 0;
  {
    StatementUse q(st.find_document);
    q->Bind(1, doc_id);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (!*row) return Status::NotFound("no document " + doc_id + " in " + path_);
    doc_rowid = q->Int(0);
  }
  std::vector<Passage> passages;
  {
    StatementUse q(st.select_passages);
    q->Bind(1, doc_rowid);
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext(context);
      if (!*row) break;
      Passage p;
      p.id = q->Text(0);
      p.doc_id = doc_id;
      p.ordinal = static_cast<int>(q->Int(1));
      p.heading = q->Text(2);
      p.text = q->Text(3);
      Status status = FromJsonText(q->Text(4), "cited_refs", &p.cited_refs);
      if (!status.ok()) return status.WithContext(context + ": passage " + p.id);
      passages.push_back(std::move(p));
    }
  }
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return passages;
}

Result<std::vector<PassageView>> SqliteStore::GetPassageViews(
    const std::vector<std::string>& passage_ids) {
  Statements& st = *statements_;
  std::string context = "reading passage views from " + path_;
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_read).WithContext(context));
  std::vector<PassageView> views;
  views.reserve(passage_ids.size());
  for (const std::string& id : passage_ids) {
    StatementUse q(st.select_passage_view);
    q->Bind(1, id);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (!*row) continue;
    PassageView view;
    int64_t keywords_doc_rowid = -1;
    Status status = ReadPassageView(*q, &view, &keywords_doc_rowid);
    if (!status.ok()) return status.WithContext(context + ": passage " + id);
    views.push_back(std::move(view));
  }
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return views;
}

Status SqliteStore::ScanPassages(const std::function<bool(const PassageView&)>& fn) {
  std::string context = "scanning passages of " + path_;
  // A statement of its own, so `fn` may call back into the store. CROSS JOIN keeps documents as
  // the outer loop: walking the id index and then passages_by_doc yields the order without a
  // sort, and the single statement reads one consistent snapshot.
  Result<Statement> scan = Statement::Prepare(
      db_, std::string("SELECT ") + kPassageViewColumns +
               " FROM documents d CROSS JOIN passages p ON p.doc_rowid = d.doc_rowid "
               "ORDER BY d.id, p.ordinal");
  if (!scan.ok()) return scan.status().WithContext(context);
  PassageView view;
  int64_t keywords_doc_rowid = -1;
  for (;;) {
    Result<bool> row = scan->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (!*row) return Status::OK();
    Status status = ReadPassageView(*scan, &view, &keywords_doc_rowid);
    if (!status.ok()) return status.WithContext(context + ": passage " + view.passage_id);
    if (!fn(view)) return Status::OK();
  }
}

Result<StoreStats> SqliteStore::Stats() {
  Statements& st = *statements_;
  std::string context = "counting the contents of " + path_;
  Transaction transaction(st.rollback);  // all counts from one snapshot
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_read).WithContext(context));
  StoreStats stats;
  std::pair<Statement*, int64_t*> counts[] = {
      {&st.count_documents, &stats.documents},
      {&st.count_passages, &stats.passages},
      {&st.count_references, &stats.references},
      {&st.count_retracted, &stats.retracted},
  };
  for (const auto& [statement, count] : counts) {
    Result<int64_t> n = QueryInt(*statement);
    if (!n.ok()) return n.status().WithContext(context);
    *count = *n;
  }
  {
    StatementUse q(st.count_by_kind);
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext(context);
      if (!*row) break;
      stats.documents_by_kind.emplace_back(q->Text(0), q->Int(1));
    }
  }
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return stats;
}

Status SqliteStore::MarkRetractions(int64_t* marked) {
  StatementUse q(statements_->mark_retractions);
  EVIDENT_RETURN_IF_ERROR(q->Run().WithContext("marking retracted documents in " + path_));
  if (marked != nullptr) *marked = sqlite3_changes(db_);
  return Status::OK();
}

namespace {

// The first column of every row of `q`, which the caller has bound.
Result<std::vector<std::string>> Column(Statement& q) {
  std::vector<std::string> out;
  for (;;) {
    Result<bool> row = q.Step();
    if (!row.ok()) return row.status();
    if (!*row) return out;
    out.push_back(q.Text(0));
  }
}

}  // namespace

Result<std::vector<std::string>> SqliteStore::RetractedIds() {
  StatementUse q(statements_->select_retracted);
  auto ids = Column(*q);
  if (!ids.ok()) return ids.status().WithContext("listing retracted documents in " + path_);
  return ids;
}

Result<std::vector<std::string>> SqliteStore::RetractionNoticesOf(const std::string& doc_id) {
  StatementUse q(statements_->select_notices_of);
  q->Bind(1, doc_id);
  auto ids = Column(*q);
  if (!ids.ok()) return ids.status().WithContext("reading the retractions of " + doc_id);
  return ids;
}

Status SqliteStore::SetMeta(const std::string& key, const std::string& value) {
  StatementUse q(statements_->set_meta);
  q->Bind(1, key);
  q->Bind(2, value);
  return q->Run().WithContext("setting meta " + key + " in " + path_);
}

Result<std::string> SqliteStore::GetMeta(const std::string& key) {
  StatementUse q(statements_->get_meta);
  q->Bind(1, key);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("reading meta " + key + " from " + path_);
  if (!*row) return Status::NotFound("meta key " + key + " not set in " + path_);
  return q->Text(0);
}

}  // namespace evident
