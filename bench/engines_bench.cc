// engines_bench: Evident's index side by side with two peers, Xapian (BM25Weight) and SQLite
// FTS5 (bm25()), on the same passages read once from an Evident store.
//
// For each engine a forked child builds its index from the in-memory passages (timed, size on
// disk, peak RSS from wait4), then — after the parent has released the passages — another child
// opens the index, runs every BioASQ question once to warm up, once more timed (top-10
// documents, p50/p99), and once at depth 100 through EvaluateRetrieval for nDCG@10, Recall@100
// and MAP@10. Separate processes keep each engine's memory its own. Children report to the
// parent through a pipe as JSON.
//
// All engines get the same semantics: the question's words OR'ed, documents ranked by their best
// passage, fields title (document title + section heading, weight 2), body and keywords.
// docs/benchmarks.md describes the runs and what each peer was given.
#include <malloc.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "common/data_layout.h"
#include "eval/gold_set.h"
#include "eval/retrieval_evaluator.h"
#include "index/analyzer.h"
#include "index/index_builder.h"
#include "index/index_directory.h"
#include "index/index_reader.h"
#include "index/scoring.h"
#include "ingest/corpus_ingester.h"
#include "rank/searcher.h"
#include "store/store.h"

namespace evident::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kTopK = 10;           // the latency run: top-10 documents
constexpr int kQualityDepth = 100;  // the quality run: Recall@100 needs 100
constexpr unsigned kTitleWdf = 2;   // title weight for the peers, as Evident's BM25F title weight

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of the calling thread: unlike wall time, not inflated when other processes compete
// for the cores.
double ThreadCpuMillis() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// The corpus: every passage of the store, mapped to the three index fields as RebuildIndex does.

struct Corpus {
  std::vector<IndexablePassage> passages;
  size_t documents = 0;
  uint64_t text_bytes = 0;  // title + body + keywords of every passage
  double load_seconds = 0;
};

Result<Corpus> LoadCorpus(const std::string& data_dir) {
  auto start = Clock::now();
  auto store = OpenStore(DataLayout{data_dir}.store_path());
  if (!store.ok()) return store.status();
  Corpus corpus;
  Status scan = (*store)->ScanPassages([&](const PassageView& v) {
    if (corpus.passages.empty() || corpus.passages.back().doc_id != v.doc_id) ++corpus.documents;
    corpus.passages.push_back(ToIndexablePassage(v));
    const IndexablePassage& p = corpus.passages.back();
    corpus.text_bytes += p.title.size() + p.body.size() + p.keywords.size();
    return true;
  });
  if (!scan.ok()) return scan.WithContext("reading passages of " + data_dir);
  corpus.load_seconds = SecondsSince(start);
  return corpus;
}

// ---------------------------------------------------------------------------------------------
// Question words for the peers: the words Evident's analyzer would keep (runs of letters, digits
// and non-ASCII letters; function words and stray single letters dropped), lower-cased and
// unstemmed, since each peer stems with its own stemmer. Repeated words repeat, as in Evident.

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// UTF-8 punctuation that separates words: U+2000..U+206F (dashes, quotes, bullets) and no-break
// space.
size_t SeparatorLength(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) return 3;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  return 0;
}

std::vector<std::string> QuestionWords(std::string_view question) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < question.size()) {
    if (!IsWordByte(static_cast<unsigned char>(question[i])) || SeparatorLength(question, i)) {
      i += std::max<size_t>(1, SeparatorLength(question, i));
      continue;
    }
    size_t start = i;
    while (i < question.size() && IsWordByte(static_cast<unsigned char>(question[i])) &&
           SeparatorLength(question, i) == 0) {
      ++i;
    }
    std::string word(question.substr(start, i - start));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool stray_letter = word.size() == 1 && !std::isdigit(static_cast<unsigned char>(word[0]));
    if (!stray_letter && !Analyzer::IsStopWord(word)) words.push_back(std::move(word));
  }
  return words;
}

// ---------------------------------------------------------------------------------------------
// The engines.

//! One search engine under test: builds its index from passages, then answers questions with
//! the ids of the best documents.
class BenchEngine {
 public:
  virtual ~BenchEngine() = default;
  //! Builds the index of `passages` under `dir` (which must not exist). Timings of optional
  //! post-build steps (compaction) and other facts go into `details`.
  virtual Status Build(const std::vector<IndexablePassage>& passages, const std::string& dir,
                       json* details) = 0;
  //! Opens the index built under `dir` for searching.
  virtual Status Open(const std::string& dir) = 0;
  //! Ids of the `k` best documents for `question`, best first, each once.
  virtual std::vector<std::string> Search(const std::string& question, int k) = 0;
};

class EvidentEngine : public BenchEngine {
 public:
  EvidentEngine(int threads, ScoringParams params) : threads_(threads), params_(params) {}

  Status Build(const std::vector<IndexablePassage>& passages, const std::string& dir,
               json* details) override {
    IndexBuildOptions options;
    options.threads = threads_;
    options.params = params_;
    IndexBuilder builder(options);
    for (const IndexablePassage& p : passages) builder.Add(p);
    IndexBuildStats stats;
    EVIDENT_RETURN_IF_ERROR(builder.Finish(dir, &stats));
    *details = {
        {"terms", stats.terms},
        {"postings", stats.postings},
        {"threads", options.threads > 0 ? options.threads
                                        : static_cast<int>(std::thread::hardware_concurrency())}};
    return Status::OK();
  }

  Status Open(const std::string& dir) override {
    auto reader = IndexReader::Open(dir);
    if (!reader.ok()) return reader.status().WithContext("opening Evident index " + dir);
    index_ = std::move(*reader);
    searcher_ = std::make_unique<Searcher>(index_, nullptr);
    return Status::OK();
  }

  std::vector<std::string> Search(const std::string& question, int k) override {
    SearchOptions options;
    options.k = k;
    std::vector<std::string> ids;
    for (const ScoredPassage& hit : searcher_->Retrieve(question, options)) {
      ids.emplace_back(index_->doc_id(hit.doc));
    }
    return ids;
  }

 private:
  int threads_;
  ScoringParams params_;
  std::shared_ptr<const IndexReader> index_;
  std::unique_ptr<Searcher> searcher_;
};

//! Xapian: one Xapian document per passage, the document id in a value slot that the query
//! collapses on (one result per document). Each field is indexed unprefixed, so that a plain
//! query matches all fields, and — with `prefixed_fields`, the usual Xapian layout that allows
//! field queries — once more under its own prefix; the title counts kTitleWdf times.
//! No positions: OR queries never use them, and Evident keeps none either.
class XapianEngine : public BenchEngine {
 public:
  struct Bm25 {
    double k1 = 1.0, b = 0.5;  // Xapian's BM25Weight() defaults
  };
  XapianEngine(Bm25 bm25, bool prefixed_fields) : bm25_(bm25), prefixed_fields_(prefixed_fields) {}

  static constexpr Xapian::valueno kDocIdSlot = 0;
  static constexpr Xapian::doccount kCommitEveryPassages = 100000;

  Status Build(const std::vector<IndexablePassage>& passages, const std::string& dir,
               json* details) override {
    const std::string build_dir = dir + ".build";
    auto start = Clock::now();
    {
      Xapian::WritableDatabase db(build_dir, Xapian::DB_CREATE);
      Xapian::TermGenerator generator;
      generator.set_stemmer(Xapian::Stem("english"));
      generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
      Xapian::doccount added = 0;
      for (const IndexablePassage& p : passages) {
        Xapian::Document doc;
        generator.set_document(doc);
        IndexField(generator, p.title, kTitleWdf, "S");
        IndexField(generator, p.body, 1, "XB");
        IndexField(generator, p.keywords, 1, "K");
        doc.add_value(kDocIdSlot, p.doc_id);
        db.add_document(doc);
        if (++added % kCommitEveryPassages == 0) db.commit();
      }
      db.commit();
    }
    double build_seconds = SecondsSince(start);
    uint64_t built_bytes = DirectoryBytes(build_dir);
    start = Clock::now();
    Xapian::Database(build_dir).compact(dir);
    double compact_seconds = SecondsSince(start);
    fs::remove_all(build_dir);
    *details = {{"build_seconds_to_queryable", build_seconds},
                {"post_build_step", "compact"},
                {"post_build_seconds", compact_seconds},
                {"bytes_before_post_build", built_bytes}};
    return Status::OK();
  }

  Status Open(const std::string& dir) override {
    db_ = Xapian::Database(dir);
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_OR);
    parser_.set_database(db_);
    enquire_ = std::make_unique<Xapian::Enquire>(db_);
    // BM25Weight(k1, k2, k3, b, min_normlen): k2 = 0 and k3 = 1 and min_normlen = 0.5 are
    // Xapian's defaults.
    enquire_->set_weighting_scheme(Xapian::BM25Weight(bm25_.k1, 0, 1, bm25_.b, 0.5));
    enquire_->set_collapse_key(kDocIdSlot);
    return Status::OK();
  }

  std::vector<std::string> Search(const std::string& question, int k) override {
    std::string text;
    for (const std::string& word : QuestionWords(question)) text += word + " ";
    enquire_->set_query(parser_.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT));
    Xapian::MSet mset = enquire_->get_mset(0, static_cast<Xapian::doccount>(k));
    std::vector<std::string> ids;
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(it.get_collapse_key());
    return ids;
  }

 private:
  void IndexField(Xapian::TermGenerator& generator, const std::string& text, unsigned wdf,
                  const char* prefix) const {
    if (prefixed_fields_) generator.index_text_without_positions(text, wdf, prefix);
    generator.index_text_without_positions(text, wdf);
  }
  static uint64_t DirectoryBytes(const std::string& dir) {
    uint64_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (entry.is_regular_file()) bytes += entry.file_size();
    }
    return bytes;
  }

  Bm25 bm25_;
  bool prefixed_fields_;
  Xapian::Database db_;
  Xapian::QueryParser parser_;
  std::unique_ptr<Xapian::Enquire> enquire_;
};

//! SQLite FTS5: one row per passage, porter-stemmed unicode61 tokens, ranked with bm25() using
//! the same column weights as the others. FTS5 ranks rows (passages), so a query asks for
//! kOverfetch × k passages and keeps each document's first; when that leaves fewer than k
//! documents while more rows exist, it asks again for twice as many.
class Fts5Engine : public BenchEngine {
 public:
  static constexpr int kOverfetch = 3;

  ~Fts5Engine() override {
    sqlite3_finalize(query_);
    sqlite3_close(db_);
  }

  Status Build(const std::vector<IndexablePassage>& passages, const std::string& dir,
               json* details) override {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("creating " + dir + ": " + ec.message());
    const std::string path = dir + "/fts5.db";
    EVIDENT_RETURN_IF_ERROR(OpenDb(path));
    auto start = Clock::now();
    EVIDENT_RETURN_IF_ERROR(
        Exec("CREATE VIRTUAL TABLE p USING fts5(doc UNINDEXED, title, body, keywords, "
             "tokenize='porter unicode61'); BEGIN;"));
    sqlite3_stmt* insert = nullptr;
    EVIDENT_RETURN_IF_ERROR(
        Prepare("INSERT INTO p (doc, title, body, keywords) VALUES (?1, ?2, ?3, ?4)", &insert));
    for (const IndexablePassage& p : passages) {
      sqlite3_bind_text(insert, 1, p.doc_id.data(), static_cast<int>(p.doc_id.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, p.title.data(), static_cast<int>(p.title.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, p.body.data(), static_cast<int>(p.body.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 4, p.keywords.data(), static_cast<int>(p.keywords.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        sqlite3_finalize(insert);
        return Error("inserting passage of " + p.doc_id);
      }
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    EVIDENT_RETURN_IF_ERROR(Exec("COMMIT;"));
    double build_seconds = SecondsSince(start);
    uint64_t built_bytes = fs::file_size(path);
    start = Clock::now();
    EVIDENT_RETURN_IF_ERROR(Exec("INSERT INTO p(p) VALUES('optimize');"));
    double optimize_seconds = SecondsSince(start);
    *details = {{"build_seconds_to_queryable", build_seconds},
                {"post_build_step", "optimize"},
                {"post_build_seconds", optimize_seconds},
                {"bytes_before_post_build", built_bytes}};
    return Status::OK();
  }

  Status Open(const std::string& dir) override {
    EVIDENT_RETURN_IF_ERROR(OpenDb(dir + "/fts5.db"));
    // bm25() weights follow the column order: doc (unindexed), title, body, keywords.
    return Prepare(
        "SELECT doc FROM p WHERE p MATCH ?1 ORDER BY bm25(p, 0.0, 2.0, 1.0, 1.0) LIMIT ?2",
        &query_);
  }

  std::vector<std::string> Search(const std::string& question, int k) override {
    std::string match;
    for (const std::string& word : QuestionWords(question)) {
      if (!match.empty()) match += " OR ";
      match += "\"" + word + "\"";  // a quoted string: never FTS5 syntax
    }
    std::vector<std::string> ids;
    if (match.empty()) return ids;
    for (int limit = kOverfetch * k;; limit *= 2) {
      ids.clear();
      std::unordered_set<std::string> seen;
      int rows = 0;
      sqlite3_bind_text(query_, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
      sqlite3_bind_int(query_, 2, limit);
      while (sqlite3_step(query_) == SQLITE_ROW) {
        ++rows;
        std::string doc(reinterpret_cast<const char*>(sqlite3_column_text(query_, 0)),
                        static_cast<size_t>(sqlite3_column_bytes(query_, 0)));
        if (static_cast<int>(ids.size()) < k && seen.insert(doc).second) ids.push_back(doc);
      }
      sqlite3_reset(query_);
      if (static_cast<int>(ids.size()) >= k || rows < limit) break;
      ++refetches_;
    }
    return ids;
  }

  //! Queries that had to ask again because kOverfetch × k passages held fewer than k documents.
  int refetches() const { return refetches_; }

 private:
  Status OpenDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) return Error("opening " + path);
    return Status::OK();
  }
  Status Exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return Status::OK();
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Status::IOError(std::string("FTS5: ") + sql + ": " + text);
  }
  Status Prepare(const char* sql, sqlite3_stmt** statement) {
    if (sqlite3_prepare_v2(db_, sql, -1, statement, nullptr) == SQLITE_OK) return Status::OK();
    return Error(std::string("preparing ") + sql);
  }
  Status Error(const std::string& what) {
    return Status::IOError("FTS5: " + what + ": " + sqlite3_errmsg(db_));
  }

  sqlite3* db_ = nullptr;
  sqlite3_stmt* query_ = nullptr;
  int refetches_ = 0;
};

// ---------------------------------------------------------------------------------------------
// What is benchmarked: an index (built once per engine) and the query configurations over it.

struct QueryConfig {
  std::string name;   // row of the results table
  std::string index;  // which built index it searches ("evident", "xapian", "fts5")
  std::string given;  // what the engine was given, for the report
  std::function<std::unique_ptr<BenchEngine>()> make;
};

// "k1=1.2 w=2/1/1 b=0.4/0.75/0.5" (weights and b for title / body / keywords).
std::string DescribeParams(const ScoringParams& p) {
  auto number = [](float v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return std::string(text);
  };
  return "k1=" + number(p.k1) + " w=" + number(p.weight[0]) + "/" + number(p.weight[1]) + "/" +
         number(p.weight[2]) + " b=" + number(p.b[0]) + "/" + number(p.b[1]) + "/" + number(p.b[2]);
}

std::vector<QueryConfig> AllConfigs(int threads, const ScoringParams& params) {
  const XapianEngine::Bm25 issue{.k1 = 0.9, .b = 0.4}, defaults{};
  return {
      {"evident", "evident",
       "IndexBuilder (threads = " + std::to_string(threads) + ", 0 = all cores), BM25F " +
           DescribeParams(params) +
           " (title/body/keywords); Searcher::Retrieve, MaxScore + "
           "block-max",
       [threads, params] { return std::make_unique<EvidentEngine>(threads, params); }},
      {"xapian", "xapian",
       "BM25Weight(k1=0.9, k2=0, k3=1, b=0.4, min_normlen=0.5); TermGenerator Stem(english) "
       "STEM_SOME, no positions, fields prefixed S/XB/K and unprefixed, title wdf 2; "
       "QueryParser OR FLAG_DEFAULT; collapse on doc id; compacted",
       [issue] { return std::make_unique<XapianEngine>(issue, true); }},
      {"xapian-bm25-defaults", "xapian",
       "same index, BM25Weight() defaults (k1=1, k2=0, k3=1, b=0.5, min_normlen=0.5)",
       [defaults] { return std::make_unique<XapianEngine>(defaults, true); }},
      {"xapian-plain", "xapian-plain",
       "as xapian (k1=0.9, b=0.4) but fields indexed unprefixed only (no field queries "
       "possible): half the terms",
       [issue] { return std::make_unique<XapianEngine>(issue, false); }},
      {"fts5", "fts5",
       "fts5(doc UNINDEXED, title, body, keywords, tokenize='porter unicode61'), one "
       "transaction, then 'optimize'; MATCH \"w1\" OR \"w2\" ...; ORDER BY bm25(p, 0, 2, 1, 1) "
       "LIMIT 3k passages (doubled while < k documents), first passage per document",
       [] { return std::make_unique<Fts5Engine>(); }},
  };
}

// ---------------------------------------------------------------------------------------------
// Child processes.

//! "VmHWM" or "VmRSS" of this process in KiB, from /proc/self/status; 0 if unavailable.
long ProcStatusKib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const size_t length = std::strlen(field);
  while (std::getline(status, line)) {
    if (line.compare(0, length, field) == 0 && line.size() > length && line[length] == ':') {
      return std::atol(line.c_str() + length + 1);
    }
  }
  return 0;
}

//! Runs `work` in a forked child and returns what it reported, with the child's resource usage
//! (peak RSS, CPU time) added under "rusage".
Result<json> RunInChild(const std::string& what, const std::function<json()>& work) {
  int fds[2];
  if (::pipe(fds) != 0) return Status::IOError("pipe: " + std::string(std::strerror(errno)));
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    ::close(fds[0]);
    json report;
    try {
      report = work();
    } catch (const Xapian::Error& e) {
      report = {{"error", e.get_description()}};
    } catch (const std::exception& e) {
      report = {{"error", e.what()}};
    }
    std::string text = report.dump(-1, ' ', false, json::error_handler_t::replace);
    for (size_t done = 0; done < text.size();) {
      ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[1 << 16];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  ::close(fds[0]);
  int wait_status = 0;
  struct rusage usage {};
  ::wait4(pid, &wait_status, 0, &usage);
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
    return Status::IOError(what + ": child process failed (status " + std::to_string(wait_status) +
                           ")");
  }
  json report = json::parse(text, nullptr, false);
  if (report.is_discarded()) return Status::Corruption(what + ": unreadable child report");
  if (report.contains("error")) {
    return Status::IOError(what + ": " + report["error"].get<std::string>());
  }
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  report["rusage"] = {{"max_rss_kib", usage.ru_maxrss},
                      {"user_seconds", seconds(usage.ru_utime)},
                      {"system_seconds", seconds(usage.ru_stime)}};
  return report;
}

json BuildReport(BenchEngine& engine, const Corpus& corpus, const std::string& dir) {
  const long baseline_kib = ProcStatusKib("VmRSS");
  json details;
  auto start = Clock::now();
  Status built = engine.Build(corpus.passages, dir, &details);
  const double seconds = SecondsSince(start);
  if (!built.ok()) return {{"error", built.ToString()}};
  uint64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return {{"seconds", seconds},
          {"index_bytes", bytes},
          {"baseline_rss_kib", baseline_kib},
          {"details", details}};
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

json QueryReport(BenchEngine& engine, const std::string& dir,
                 const std::vector<GoldQuestion>& gold) {
  const long baseline_kib = ProcStatusKib("VmRSS");
  auto start = Clock::now();
  Status opened = engine.Open(dir);
  if (!opened.ok()) return {{"error", opened.ToString()}};
  const double open_ms = MillisSince(start);

  for (const GoldQuestion& q : gold) engine.Search(q.query, kTopK);  // warm-up
  std::vector<double> took_ms, cpu_ms;
  size_t empty = 0;
  auto run_start = Clock::now();
  for (const GoldQuestion& q : gold) {
    auto t = Clock::now();
    double cpu = ThreadCpuMillis();
    empty += engine.Search(q.query, kTopK).empty() ? 1 : 0;
    cpu_ms.push_back(ThreadCpuMillis() - cpu);
    took_ms.push_back(MillisSince(t));
  }
  const double run_seconds = SecondsSince(run_start);
  const long serving_kib = ProcStatusKib("VmHWM");

  EvalOptions options;
  options.depth = kQualityDepth;
  RetrievalReport report = EvaluateRetrieval(
      gold, [&](const std::string& query, int k) { return engine.Search(query, k); }, options);
  double mean = 0;
  for (double ms : took_ms) mean += ms;
  // Per-question nDCG@10 in gold-set order, for paired comparisons between engines.
  json ndcg_per_question = json::array();
  for (const QuestionResult& r : report.questions)
    ndcg_per_question.push_back(r.metrics.ndcg_at_10);
  json out = {
      {"open_ms", open_ms},
      {"questions", gold.size()},
      {"empty_results", empty},
      {"queries_per_second", static_cast<double>(gold.size()) / run_seconds},
      {"latency_ms",
       {{"p50", Percentile(took_ms, 0.50)},
        {"p90", Percentile(took_ms, 0.90)},
        {"p99", Percentile(took_ms, 0.99)},
        {"max", Percentile(took_ms, 1.0)},
        {"mean", took_ms.empty() ? 0 : mean / static_cast<double>(took_ms.size())}}},
      {"cpu_ms",
       {{"p50", Percentile(cpu_ms, 0.50)},
        {"p90", Percentile(cpu_ms, 0.90)},
        {"p99", Percentile(cpu_ms, 0.99)}}},
      {"depth100_latency_ms", {{"p50", report.latency_p50_ms}, {"p99", report.latency_p99_ms}}},
      {"quality",
       {{"questions_evaluated", report.questions_evaluated},
        {"ndcg_at_10", report.mean.ndcg_at_10},
        {"recall_at_10", report.mean.recall_at_10},
        {"recall_at_100", report.mean.recall_at_100},
        {"map_at_10", report.mean.map_at_10},
        {"mrr", report.mean.reciprocal_rank},
        {"ndcg_at_10_per_question", ndcg_per_question}}},
      {"baseline_rss_kib", baseline_kib},
      {"serving_hwm_kib_after_timed_run", serving_kib},
  };
  if (auto* fts5 = dynamic_cast<Fts5Engine*>(&engine)) out["fts5_refetches"] = fts5->refetches();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reporting.

json MachineInfo() {
  json info = {{"cores", std::thread::hardware_concurrency()}};
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      info["cpu"] = line.substr(line.find(':') + 2);
      break;
    }
  }
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    if (line.rfind("MemTotal:", 0) == 0) {
      info["memory_gib"] = std::atol(line.c_str() + 9) / 1048576.0;
      break;
    }
  }
  struct utsname name {};
  if (::uname(&name) == 0) info["kernel"] = std::string(name.sysname) + " " + name.release;
  info["xapian"] = Xapian::version_string();
  info["sqlite"] = sqlite3_libversion();
  return info;
}

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

double BytesToMib(double bytes) { return bytes / (1 << 20); }
double KibToMib(double kib) { return kib / 1024; }

// User + system CPU time of a build child (post-build step included).
double BuildCpuSeconds(const json& build) {
  const json& usage = build["rusage"];
  return usage["user_seconds"].get<double>() + usage["system_seconds"].get<double>();
}

// The markdown table and the ratios of the peers to Evident.
std::string FormatResults(const json& results) {
  std::ostringstream out;
  out << "| engine | build s | post-build s | build CPU s | index MiB | build peak RSS MiB (own) | "
         "serve peak RSS MiB | p50 ms | p99 ms | p50 CPU ms | p99 CPU ms | QPS | nDCG@10 | "
         "Recall@100 | MAP@10 |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  const json& builds = results["builds"];
  for (const json& row : results["queries"]) {
    const std::string index = row["index"];
    out << "| " << row["config"].get<std::string>() << " | ";
    if (builds.contains(index)) {
      const json& b = builds[index];
      const json& d = b["details"];
      double to_queryable = d.value("build_seconds_to_queryable", b["seconds"].get<double>());
      double max_rss = b["rusage"]["max_rss_kib"];
      double own_rss = max_rss - b["baseline_rss_kib"].get<double>();
      const double cpu = BuildCpuSeconds(b);
      out << Fixed(to_queryable, 1) << " | " << Fixed(d.value("post_build_seconds", 0.0), 1)
          << " | " << Fixed(cpu, 1) << " | " << Fixed(BytesToMib(b["index_bytes"]), 1) << " | "
          << Fixed(KibToMib(max_rss), 0) << " (" << Fixed(KibToMib(own_rss), 0) << ") | ";
    } else {
      out << "– | – | – | – | – | ";
    }
    const json& q = row["report"];
    out << Fixed(KibToMib(q["rusage"]["max_rss_kib"]), 0) << " | "
        << Fixed(q["latency_ms"]["p50"], 3) << " | " << Fixed(q["latency_ms"]["p99"], 3) << " | "
        << Fixed(q["cpu_ms"]["p50"], 3) << " | " << Fixed(q["cpu_ms"]["p99"], 3) << " | "
        << Fixed(q["queries_per_second"], 0) << " | " << Fixed(q["quality"]["ndcg_at_10"], 4)
        << " | " << Fixed(q["quality"]["recall_at_100"], 4) << " | "
        << Fixed(q["quality"]["map_at_10"], 4) << " |\n";
  }
  const json& ratios = results["ratios"];
  if (!ratios.empty()) {
    out << "\n";
    for (const auto& [name, value] : ratios.items()) {
      out << "- " << name << ": " << Fixed(value.get<double>(), 2) << "×\n";
    }
  }
  return out.str();
}

json Ratios(const json& results) {
  json ratios = json::object();
  const json* evident = nullptr;
  for (const json& row : results["queries"]) {
    if (row["config"] == "evident") evident = &row;
  }
  if (evident == nullptr) return ratios;
  const double p50 = (*evident)["report"]["latency_ms"]["p50"];
  const double p99 = (*evident)["report"]["latency_ms"]["p99"];
  const double cpu_p50 = (*evident)["report"]["cpu_ms"]["p50"];
  for (const json& row : results["queries"]) {
    const std::string name = row["config"];
    if (name == "evident") continue;
    ratios[name + " p50 / evident p50"] = row["report"]["latency_ms"]["p50"].get<double>() / p50;
    ratios[name + " p99 / evident p99"] = row["report"]["latency_ms"]["p99"].get<double>() / p99;
    ratios[name + " p50 CPU / evident p50 CPU"] =
        row["report"]["cpu_ms"]["p50"].get<double>() / cpu_p50;
  }
  const json& builds = results["builds"];
  if (builds.contains("evident")) {
    const double evident_build = builds["evident"]["seconds"];
    const double evident_cpu = BuildCpuSeconds(builds["evident"]);
    for (const auto& [name, b] : builds.items()) {
      if (name == "evident") continue;
      const json& d = b["details"];
      ratios[name + " build / evident build (to queryable)"] =
          d.value("build_seconds_to_queryable", b["seconds"].get<double>()) / evident_build;
      ratios[name + " build / evident build (incl. post-build step)"] =
          b["seconds"].get<double>() / evident_build;
      ratios[name + " build CPU / evident build CPU"] = BuildCpuSeconds(b) / evident_cpu;
    }
  }
  return ratios;
}

// ---------------------------------------------------------------------------------------------

struct Args {
  std::string data_dir, bioasq, pubmedqa, out, work_dir;
  std::vector<std::string> engines = {"evident", "xapian", "xapian-plain", "fts5"};
  size_t limit = 0;
  int threads = 0;
  ScoringParams params;  // Evident's BM25F parameters (defaults unless overridden)
  bool reuse_index = false;
  bool keep = false;
};

bool Wanted(const Args& args, const std::string& index) {
  return std::find(args.engines.begin(), args.engines.end(), index) != args.engines.end();
}

int Run(const Args& args) {
  auto gold = !args.bioasq.empty() ? LoadBioasq(args.bioasq) : LoadPubmedqa(args.pubmedqa);
  if (!gold.ok()) {
    std::fprintf(stderr, "engines_bench: %s\n", gold.status().ToString().c_str());
    return 1;
  }
  if (args.limit > 0 && gold->size() > args.limit) gold->resize(args.limit);

  json results = {{"machine", MachineInfo()},  {"data_dir", args.data_dir},
                  {"bioasq", args.bioasq},     {"pubmedqa", args.pubmedqa},
                  {"questions", gold->size()}, {"builds", json::object()},
                  {"queries", json::array()}};
  std::vector<QueryConfig> configs = AllConfigs(args.threads, args.params);
  std::map<std::string, std::string> index_dirs;  // index name -> directory to search

  std::string work_dir = args.work_dir;
  if (work_dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "engines_bench.XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::fprintf(stderr, "engines_bench: mkdtemp: %s\n", std::strerror(errno));
      return 1;
    }
    work_dir = pattern;
  }
  fs::create_directories(work_dir);

  std::unordered_set<std::string> corpus_docs;
  if (args.reuse_index) {
    // Search the data directory's serving Evident index as it is (growth curve runs).
    auto current = IndexDirectory(DataLayout{args.data_dir}.index_root()).CurrentPath();
    if (!current.ok()) {
      std::fprintf(stderr, "engines_bench: %s\n", current.status().ToString().c_str());
      return 1;
    }
    index_dirs["evident"] = *current;
    auto reader = IndexReader::Open(*current);
    if (reader.ok()) {
      results["corpus"] = {{"passages", (*reader)->num_passages()},
                           {"documents", (*reader)->num_documents()},
                           {"index_bytes", (*reader)->size_bytes()}};
      for (uint32_t d = 0; d < (*reader)->num_documents(); ++d) {
        corpus_docs.emplace((*reader)->doc_id(d));
      }
    }
  } else {
    auto corpus = LoadCorpus(args.data_dir);
    if (!corpus.ok()) {
      std::fprintf(stderr, "engines_bench: %s\n", corpus.status().ToString().c_str());
      return 1;
    }
    results["corpus"] = {{"passages", corpus->passages.size()},
                         {"documents", corpus->documents},
                         {"text_bytes", corpus->text_bytes},
                         {"load_seconds", corpus->load_seconds}};
    std::fprintf(stderr, "loaded %zu passages of %zu documents (%.1f MiB of text) in %.1f s\n",
                 corpus->passages.size(), corpus->documents, corpus->text_bytes / 1048576.0,
                 corpus->load_seconds);
    for (const auto& p : corpus->passages) corpus_docs.insert(p.doc_id);
    for (const QueryConfig& config : configs) {
      if (config.index != config.name || !Wanted(args, config.index)) continue;
      const std::string dir = work_dir + "/" + config.index;
      std::fprintf(stderr, "building %s index in %s ...\n", config.index.c_str(), dir.c_str());
      auto report = RunInChild("building " + config.index, [&] {
        auto engine = config.make();
        return BuildReport(*engine, *corpus, dir);
      });
      if (!report.ok()) {
        std::fprintf(stderr, "engines_bench: %s\n", report.status().ToString().c_str());
        return 1;
      }
      std::fprintf(stderr, "  %.1f s, %.1f MiB\n", (*report)["seconds"].get<double>(),
                   (*report)["index_bytes"].get<double>() / 1048576.0);
      results["builds"][config.index] = *report;
      index_dirs[config.index] = dir;
    }
    // The query children should not carry the passages in their RSS.
    corpus->passages = {};
    ::malloc_trim(0);
  }

  GoldCoverage coverage;
  for (const GoldQuestion& q : *gold) {
    size_t found = 0;
    for (const std::string& id : q.relevant) found += corpus_docs.count(id);
    coverage.gold_docs += q.relevant.size();
    coverage.gold_docs_in_corpus += found;
    coverage.questions_with_any_gold_in_corpus += found > 0 ? 1 : 0;
    coverage.questions_with_all_gold_in_corpus += found == q.relevant.size() ? 1 : 0;
  }
  results["gold_coverage"] = {
      {"gold_docs", coverage.gold_docs},
      {"gold_docs_in_corpus", coverage.gold_docs_in_corpus},
      {"questions_with_any_gold_in_corpus", coverage.questions_with_any_gold_in_corpus},
      {"questions_with_all_gold_in_corpus", coverage.questions_with_all_gold_in_corpus}};
  corpus_docs.clear();

  for (const QueryConfig& config : configs) {
    if (!index_dirs.contains(config.index) || !Wanted(args, config.index)) continue;
    std::fprintf(stderr, "querying %s ...\n", config.name.c_str());
    auto report = RunInChild("querying " + config.name, [&] {
      auto engine = config.make();
      return QueryReport(*engine, index_dirs[config.index], *gold);
    });
    if (!report.ok()) {
      std::fprintf(stderr, "engines_bench: %s\n", report.status().ToString().c_str());
      return 1;
    }
    std::fprintf(stderr, "  p50 %.3f ms, p99 %.3f ms, nDCG@10 %.4f\n",
                 (*report)["latency_ms"]["p50"].get<double>(),
                 (*report)["latency_ms"]["p99"].get<double>(),
                 (*report)["quality"]["ndcg_at_10"].get<double>());
    results["queries"].push_back({{"config", config.name},
                                  {"index", config.index},
                                  {"given", config.given},
                                  {"report", *report}});
  }
  results["ratios"] = Ratios(results);

  std::string table = FormatResults(results);
  std::printf("%s", table.c_str());
  if (!args.out.empty()) {
    std::ofstream(args.out) << results.dump(2) << "\n";
  }
  if (!args.keep && args.work_dir.empty()) fs::remove_all(work_dir);
  return 0;
}

}  // namespace
}  // namespace evident::bench

int main(int argc, char** argv) {
  evident::bench::Args args;
  CLI::App app(
      "Builds Evident's index, Xapian and SQLite FTS5 from the same passages and compares build\n"
      "time, index size, memory, top-10 query latency and retrieval quality on BioASQ.");
  app.add_option("--data-dir", args.data_dir, "Evident data directory (store to read)")
      ->required()
      ->check(CLI::ExistingDirectory);
  auto* bioasq =
      app.add_option("--bioasq", args.bioasq, "BioASQ Task B JSON file (questions and gold)")
          ->check(CLI::ExistingFile);
  auto* pubmedqa =
      app.add_option("--pubmedqa", args.pubmedqa, "PubMedQA JSON file, instead of --bioasq")
          ->check(CLI::ExistingFile);
  bioasq->excludes(pubmedqa);
  app.add_option("--out", args.out, "Write the full results as JSON here");
  app.add_option("--engines", args.engines,
                 "Indexes to build and query: evident,xapian,xapian-plain,fts5 (default all)")
      ->delimiter(',')
      ->check(CLI::IsMember({"evident", "xapian", "xapian-plain", "fts5"}));
  app.add_option("--limit", args.limit, "Only the first N questions");
  app.add_option("--threads", args.threads, "Evident index build threads (0 = all cores)");
  // BM25F overrides for parameter sweeps; --reuse-index searches with the index's own.
  std::vector<float> weights, b;
  app.add_option("--k1", args.params.k1, "Evident BM25F k1")->capture_default_str();
  app.add_option("--weights", weights, "Evident field weights: title,body,keywords")
      ->delimiter(',')
      ->expected(3);
  app.add_option("--b", b, "Evident length normalisation: title,body,keywords")
      ->delimiter(',')
      ->expected(3);
  app.add_option("--work-dir", args.work_dir, "Where to build the indexes (default: a temp dir)");
  app.add_flag("--reuse-index", args.reuse_index,
               "Do not build: query the data directory's serving Evident index (evident only)");
  app.add_flag("--keep", args.keep, "Keep the temporary index directories");
  CLI11_PARSE(app, argc, argv);
  if (bioasq->count() + pubmedqa->count() != 1) {
    std::fprintf(stderr, "engines_bench: needs --bioasq FILE or --pubmedqa FILE\n");
    return 2;
  }
  for (size_t f = 0; f < weights.size(); ++f) args.params.weight[f] = weights[f];
  for (size_t f = 0; f < b.size(); ++f) args.params.b[f] = b[f];
  if (args.reuse_index) args.engines = {"evident"};
  return evident::bench::Run(args);
}
