#include "ingest/corpus_ingester.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <variant>

#include "common/input_file.h"
#include "index/index_directory.h"
#include "ingest/html_parser.h"
#include "ingest/jsonl_parser.h"
#include "ingest/markdown_parser.h"
#include "ingest/pubmed_xml_parser.h"

namespace evident {

namespace fs = std::filesystem;

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct InputFileInfo {
  std::string path;
  InputFormat format;
  uint64_t bytes;
};

// One parsed item, in the order the parser produced it.
struct DeleteItem {
  std::string id;
};
using Item = std::variant<DocumentRecord, DeleteItem, IngestError>;

// Items of one file on their way from its parser thread to the writer. Bounded, so a parser
// far ahead of the writer waits instead of filling memory.
class FileChannel {
 public:
  static constexpr size_t kCapacity = 2048;

  void Push(Item item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < kCapacity || abandoned_; });
    if (abandoned_) return;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_one();
  }
  //! The writer gave up (a fatal store error): drop everything, never block the parser again.
  void Abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    items_.clear();
    not_full_.notify_all();
  }
  //! False once the channel is closed and drained.
  bool Pop(Item* item) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return false;
    *item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Item> items_;
  bool closed_ = false;
  bool abandoned_ = false;
};

class ChannelSink : public DocumentSink {
 public:
  ChannelSink(FileChannel& channel, const PassageSplitter& splitter)
      : channel_(channel), splitter_(splitter) {}
  void Add(Document doc) override {
    DocumentRecord record;
    record.passages = splitter_.Split(doc);
    record.doc = std::move(doc);
    channel_.Push(std::move(record));
  }
  void Delete(const std::string& doc_id) override { channel_.Push(DeleteItem{doc_id}); }
  void Error(IngestError error) override { channel_.Push(std::move(error)); }

 private:
  FileChannel& channel_;
  const PassageSplitter& splitter_;
};

// JSON Lines files hold either research abstracts or MedQuAD answers; the first record says.
bool IsMedquadJsonl(const std::string& path) {
  auto file = InputFile::Open(path);
  if (!file.ok()) return false;
  std::string line;
  if (!(*file)->ReadLine(&line)) return false;
  return line.find("\"question\"") != std::string::npos &&
         line.find("\"answer\"") != std::string::npos;
}

Status ParseFile(const InputFileInfo& file, DocumentSink& sink) {
  switch (file.format) {
    case InputFormat::kPubmedXml:
      return ParsePubmedXmlFile(file.path, sink);
    case InputFormat::kJsonLines:
      return IsMedquadJsonl(file.path) ? ParseMedquadJsonl(file.path, sink)
                                       : ParseResearchJsonl(file.path, sink);
    case InputFormat::kMarkdown:
      return ParseMarkdownFile(file.path, sink);
    case InputFormat::kGuidelineHtml:
      return ParseGuidelineHtmlFile(file.path, sink);
    case InputFormat::kUnknown:
      break;
  }
  return Status::OK();
}

// Whether a file found while walking a directory really is corpus: XML must be PubMed/MEDLINE
// (not an E-utilities esearch reply or a PMC article), HTML must carry guideline meta tags.
// Files named on the command line are always parsed, so their problems get reported.
bool LooksLikeCorpus(const std::string& path, InputFormat format) {
  if (format != InputFormat::kPubmedXml && format != InputFormat::kGuidelineHtml) return true;
  auto file = InputFile::Open(path);
  if (!file.ok()) return true;  // let the parser report it
  std::string head(8192, '\0');
  head.resize(static_cast<size_t>(std::max(0, (*file)->Read(head.data(), 8192))));
  if (format == InputFormat::kPubmedXml) {
    return head.find("<PubmedArticleSet") != std::string::npos ||
           head.find("<MedlineCitationSet") != std::string::npos ||
           head.find("<PubmedBookArticleSet") != std::string::npos;
  }
  return head.find("DC.identifier") != std::string::npos;
}

Result<std::vector<InputFileInfo>> CollectFiles(const std::vector<std::string>& paths,
                                                int64_t* skipped) {
  std::vector<InputFileInfo> files;
  auto consider = [&](const fs::path& p, bool named) {
    InputFormat format = DetectFormat(p.string());
    if (format == InputFormat::kUnknown || (!named && !LooksLikeCorpus(p.string(), format))) {
      ++*skipped;
      return;
    }
    std::error_code ec;
    uint64_t size = fs::file_size(p, ec);
    files.push_back({p.string(), format, ec ? 0 : size});
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (ec || !fs::exists(status))
      return Status::NotFound("input path " + path + " does not exist");
    if (fs::is_directory(status)) {
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) consider(it->path(), false);
      }
      if (ec) return Status::IOError("listing " + path + ": " + ec.message());
    } else {
      consider(path, true);
    }
  }
  // PubMed XML first (baseline before updates by name), then the rest by path.
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    bool ax = a.format == InputFormat::kPubmedXml, bx = b.format == InputFormat::kPubmedXml;
    return ax != bx ? ax : a.path < b.path;
  });
  files.erase(std::unique(files.begin(), files.end(),
                          [](const auto& a, const auto& b) { return a.path == b.path; }),
              files.end());
  return files;
}

// Parses `files` on the parser threads and writes them to `store` in file order, in batches.
Status WriteFiles(const std::vector<InputFileInfo>& files, Store& store,
                  const IngestOptions& options, IngestSummary* summary) {
  IngestProgress progress;
  progress.files_total = files.size();
  for (const auto& f : files) progress.bytes_total += f.bytes;

  PassageSplitter splitter(options.passages);
  std::vector<std::unique_ptr<FileChannel>> channels;
  for (size_t i = 0; i < files.size(); ++i) channels.push_back(std::make_unique<FileChannel>());

  std::atomic<size_t> next_file{0};
  std::atomic<bool> stop{false};
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto parse_worker = [&] {
    for (size_t i; !stop && (i = next_file++) < files.size();) {
      ChannelSink sink(*channels[i], splitter);
      Status s = ParseFile(files[i], sink);
      if (!s.ok()) sink.Error({files[i].path, "", s.message()});
      channels[i]->Close();
    }
  };
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) workers.emplace_back(parse_worker);

  // The writer: commits files in order, in batches.
  Status failure;
  std::vector<DocumentRecord> batch;
  std::unordered_set<std::string> seen_ids;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::OK();
    PutCounts counts;
    Status s = store.PutDocuments(batch, &counts);
    if (!s.ok()) return s.WithContext("writing to the store");
    summary->put.added += counts.added;
    summary->put.updated += counts.updated;
    summary->put.unchanged += counts.unchanged;
    batch.clear();
    return Status::OK();
  };
  auto last_report = std::chrono::steady_clock::now();
  for (size_t i = 0; i < files.size() && failure.ok(); ++i) {
    Item item;
    bool file_failed = false;
    while (failure.ok() && channels[i]->Pop(&item)) {
      if (auto* record = std::get_if<DocumentRecord>(&item)) {
        ++summary->documents_parsed;
        if (!seen_ids.insert(record->doc.id).second) {
          ++summary->superseded;
          continue;
        }
        summary->passages_written += static_cast<int64_t>(record->passages.size());
        batch.push_back(std::move(*record));
        if (batch.size() >= options.batch_documents) failure = flush();
      } else if (auto* del = std::get_if<DeleteItem>(&item)) {
        failure = flush();
        if (!failure.ok()) continue;
        int64_t deleted = 0;
        failure = store.DeleteDocuments({del->id}, &deleted);
        summary->deleted += deleted;
        if (deleted > 0) {
          summary->deleted_documents.push_back(
              {del->id, "deleted by update file " + fs::path(files[i].path).filename().string()});
        }
        seen_ids.erase(del->id);
      } else {
        auto& error = std::get<IngestError>(item);
        if (error.position.empty()) file_failed = true;
        ++summary->errors;
        if (options.on_error) options.on_error(error);
      }
      auto now = std::chrono::steady_clock::now();
      if (options.on_progress && now - last_report > std::chrono::milliseconds(200)) {
        last_report = now;
        progress.documents = summary->documents_parsed;
        options.on_progress(progress);
      }
    }
    if (failure.ok()) failure = flush();
    ++progress.files_done;
    progress.bytes_done += files[i].bytes;
    if (!file_failed) ++summary->files_read;
  }
  stop = true;
  if (!failure.ok()) {
    for (auto& c : channels) c->Abandon();
  }
  for (auto& w : workers) w.join();
  if (!failure.ok()) return failure;
  progress.documents = summary->documents_parsed;
  if (options.on_progress) options.on_progress(progress);
  return Status::OK();
}

// "retracted by pmid:M" (and "pmid:K" for each further notice); a paper whose own record says it
// is retracted without naming a notice is "retracted (its PubMed record says so)".
Result<std::string> RetractionReason(Store& store, const std::string& id) {
  auto notices = store.RetractionNoticesOf(id);
  if (!notices.ok()) return notices.status();
  if (notices->empty()) return std::string("retracted (its PubMed record says so)");
  std::string reason = "retracted by ";
  for (size_t i = 0; i < notices->size(); ++i) {
    if (i > 0) reason += " and ";
    reason += (*notices)[i];
  }
  return reason;
}

// After the run's writes: applies the retractions stored records state, and fills in what the
// run withdrew — the documents now retracted that were not before (`retracted_before`, sorted),
// and of those it deleted, the ones it did not add again. Returns how many were newly marked.
Result<int64_t> ApplyRetractions(Store& store, const std::vector<std::string>& retracted_before,
                                 IngestSummary* summary) {
  int64_t marked = 0;
  EVIDENT_RETURN_IF_ERROR(store.MarkRetractions(&marked).WithContext("marking retractions"));
  auto retracted = store.RetractedIds();
  if (!retracted.ok()) return retracted.status();
  std::vector<std::string> newly;
  std::set_difference(retracted->begin(), retracted->end(), retracted_before.begin(),
                      retracted_before.end(), std::back_inserter(newly));
  for (const std::string& id : newly) {
    auto reason = RetractionReason(store, id);
    if (!reason.ok()) return reason.status();
    summary->newly_retracted.push_back({id, *reason});
  }
  auto& deleted = summary->deleted_documents;
  for (auto it = deleted.begin(); it != deleted.end();) {
    auto held = store.GetDocument(it->doc_id, DocumentParts{false, false, false});
    if (!held.ok() && !held.status().IsNotFound()) return held.status();
    it = held.ok() ? deleted.erase(it) : it + 1;  // deleted, then added again by a later file
  }
  return marked;
}

// Sends the articles citing what the run withdrew back to review.
Status FlagArticles(Store& store, IngestSummary* summary) {
  std::vector<WithdrawnEvidence> withdrawn = summary->deleted_documents;
  withdrawn.insert(withdrawn.end(), summary->newly_retracted.begin(),
                   summary->newly_retracted.end());
  if (withdrawn.empty()) return Status::OK();
  auto flagged = store.FlagArticlesCiting(withdrawn);
  if (!flagged.ok()) return flagged.status().WithContext("flagging the articles that cite them");
  summary->flagged = std::move(*flagged);
  return Status::OK();
}

// Builds a generation from every passage the store holds (its uncommitted writes too), with the
// sidecars' files, seals it and records its name in the store's meta. Runs inside the store's
// transaction; the caller switches CURRENT after the commit.
Result<std::string> BuildAndSealGeneration(Store& store, const IndexDirectory& dir,
                                           const IndexBuildOptions& options, IndexBuildStats* stats,
                                           const std::function<void(int64_t)>& on_progress,
                                           const std::vector<GenerationSidecarFactory>& factories) {
  auto build_dir = dir.StartGeneration();
  if (!build_dir.ok()) return build_dir.status();
  IndexBuilder builder(options);
  std::vector<std::unique_ptr<GenerationSidecar>> sidecars;
  for (const auto& make : factories) sidecars.push_back(make());
  int64_t count = 0;
  Status scan = store.ScanPassages([&](const PassageView& v) {
    builder.Add(ToIndexablePassage(v));
    for (auto& sidecar : sidecars) sidecar->Add(v);
    if (++count % 20000 == 0 && on_progress) on_progress(count);
    return true;
  });
  std::error_code ec;
  if (!scan.ok()) {
    fs::remove_all(*build_dir, ec);
    return scan.WithContext("reading passages for the index");
  }
  IndexBuildStats local;
  Status built = builder.Finish(*build_dir, stats != nullptr ? stats : &local);
  for (auto& sidecar : sidecars) {
    if (built.ok()) built = sidecar->Finish(*build_dir);
  }
  if (!built.ok()) {
    fs::remove_all(*build_dir, ec);  // on a full disk, give the space back at once
    return built.WithContext("building index generation " + *build_dir);
  }
  auto name = dir.Seal(*build_dir);
  if (!name.ok()) return name.status();
  EVIDENT_RETURN_IF_ERROR(store.SetMeta(kIndexGenerationMetaKey, *name));
  return name;
}

// After a crash between a run's commit and its switch of CURRENT: switches to the generation
// the store names, so that StartGeneration does not take it for an uncommitted build.
Status RollForward(Store& store, const IndexDirectory& dir) {
  auto serving = ServingGeneration(store, dir.root());
  if (!serving.ok()) return serving.status().IsNotFound() ? Status::OK() : serving.status();
  auto current = dir.CurrentName();
  if (current.ok() && *current == *serving) return Status::OK();
  auto switched = dir.SwitchTo(*serving);
  return switched.ok() ? Status::OK() : switched.status().WithContext("restoring the index");
}

// The store committed and names `generation`, so readers serve it; only CURRENT is behind.
Status SwitchFailedAfterCommit(const Status& status, const std::string& generation) {
  return status.WithContext("the store and index generation " + generation +
                            " are committed and serve, but CURRENT could not be switched to it "
                            "(the next ingest does that)");
}

}  // namespace

Result<std::string> ServingGeneration(Store& store, const std::string& index_root) {
  auto committed = store.GetMeta(kIndexGenerationMetaKey);
  if (committed.ok() && !committed->empty() &&
      fs::is_regular_file(index_root + "/" + *committed + "/meta.json")) {
    return *committed;
  }
  if (!committed.ok() && !committed.status().IsNotFound()) return committed.status();
  return IndexDirectory(index_root).CurrentName();
}

InputFormat DetectFormat(const std::string& path) {
  std::string name = Lower(fs::path(path).filename().string());
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".xml")) return InputFormat::kPubmedXml;
  if (EndsWith(name, ".jsonl")) return InputFormat::kJsonLines;
  if (EndsWith(name, ".md") || EndsWith(name, ".markdown")) {
    // Project documentation beside the data is not corpus.
    if (name == "readme.md" || name == "license.md") return InputFormat::kUnknown;
    return InputFormat::kMarkdown;
  }
  if (EndsWith(name, ".html") || EndsWith(name, ".htm")) return InputFormat::kGuidelineHtml;
  return InputFormat::kUnknown;
}

Result<IngestSummary> IngestPaths(const std::vector<std::string>& paths, Store& store,
                                  const std::string& index_root, const IngestOptions& options) {
  IngestSummary summary;
  auto started = std::chrono::steady_clock::now();
  auto files = CollectFiles(paths, &summary.files_skipped);
  if (!files.ok()) return files.status();
  IndexDirectory index_dir(index_root);
  EVIDENT_RETURN_IF_ERROR(RollForward(store, index_dir));

  std::string sealed;  // the generation built inside the transaction, switched to after it
  Status written = store.RunAtomically([&]() -> Status {
    auto retracted_before = store.RetractedIds();
    if (!retracted_before.ok()) return retracted_before.status();
    EVIDENT_RETURN_IF_ERROR(WriteFiles(*files, store, options, &summary));
    auto marked = ApplyRetractions(store, *retracted_before, &summary);
    if (!marked.ok()) return marked.status();
    summary.parse_store_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    bool changed = summary.put.added + summary.put.updated + summary.deleted + *marked > 0;
    if (!options.rebuild_index || (!changed && ServingGeneration(store, index_root).ok())) {
      return options.flag_articles ? FlagArticles(store, &summary) : Status::OK();
    }
    auto index_started = std::chrono::steady_clock::now();
    IngestProgress progress;
    progress.files_done = progress.files_total = files->size();
    progress.phase = "indexing";
    auto generation = BuildAndSealGeneration(
        store, index_dir, options.index, &summary.index,
        [&](int64_t passages) {
          progress.documents = passages;
          if (options.on_progress) options.on_progress(progress);
        },
        options.sidecars);
    if (!generation.ok()) return generation.status();
    sealed = *generation;
    summary.index_rebuilt = true;
    summary.index_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - index_started).count();
    return options.flag_articles ? FlagArticles(store, &summary) : Status::OK();
  });
  if (!written.ok()) return written;
  if (!sealed.empty()) {
    auto switched = index_dir.SwitchTo(sealed);
    if (!switched.ok()) return SwitchFailedAfterCommit(switched.status(), sealed);
  }
  auto current = ServingGeneration(store, index_root);
  if (current.ok()) summary.generation = *current;
  return summary;
}

IndexablePassage ToIndexablePassage(const PassageView& v) {
  IndexablePassage p;
  p.doc_id = v.doc_id;
  size_t hash = v.passage_id.rfind('#');
  p.ordinal = hash == std::string::npos ? 0 : std::atoi(v.passage_id.c_str() + hash + 1);
  p.title = v.heading.empty() ? v.title : v.title + "\n" + v.heading;
  p.body = v.text;
  p.keywords = v.keywords;
  p.kind = v.kind;
  p.patient_audience = v.audience == "patient";
  p.retracted = v.retracted;
  p.year = v.year;
  return p;
}

Result<std::string> RebuildIndex(Store& store, const std::string& index_root,
                                 const IndexBuildOptions& options, IndexBuildStats* stats,
                                 const std::function<void(int64_t passages)>& on_progress,
                                 const std::vector<GenerationSidecarFactory>& sidecars) {
  IndexDirectory dir(index_root);
  EVIDENT_RETURN_IF_ERROR(RollForward(store, dir));
  std::string sealed;
  Status built = store.RunAtomically([&]() -> Status {
    auto generation = BuildAndSealGeneration(store, dir, options, stats, on_progress, sidecars);
    if (!generation.ok()) return generation.status();
    sealed = *generation;
    return Status::OK();
  });
  if (!built.ok()) return built;
  auto switched = dir.SwitchTo(sealed);
  if (!switched.ok()) return SwitchFailedAfterCommit(switched.status(), sealed);
  return switched;
}

}  // namespace evident
