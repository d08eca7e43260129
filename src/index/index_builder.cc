#include "index/index_builder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "index/analyzer.h"
#include "index/index_format.h"
#include "index/varbyte.h"

namespace evident {

namespace fmt_ = index_format;

namespace {

using FieldTfs = std::array<uint16_t, fmt_::kNumFields>;

struct AnalyzedPassage {
  std::vector<std::pair<std::string, FieldTfs>> terms;
  std::array<uint32_t, fmt_::kNumFields> lengths{};
};

struct Posting {
  uint32_t passage;
  FieldTfs tf;
};

void AnalyzePassage(Analyzer& analyzer, const IndexablePassage& p, AnalyzedPassage* out,
                    std::vector<Token>* scratch) {
  std::unordered_map<std::string, FieldTfs> counts;
  const std::string* fields[fmt_::kNumFields] = {&p.title, &p.body, &p.keywords};
  for (int f = 0; f < fmt_::kNumFields; ++f) {
    scratch->clear();
    analyzer.Analyze(*fields[f], scratch);
    out->lengths[f] = static_cast<uint32_t>(scratch->size());
    for (auto& t : *scratch) {
      auto& tf = counts[t.term];
      if (tf[f] < UINT16_MAX) ++tf[f];
    }
  }
  out->terms.assign(counts.begin(), counts.end());
}

// Writes `data` to `path` and fsyncs it.
Status WriteFileSynced(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("creating " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::IOError("writing " + path + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return Status::IOError("fsync " + path + ": " + std::strerror(err));
  }
  ::close(fd);
  return Status::OK();
}

template <typename T>
void AppendPod(const T& value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

struct IndexBuilder::State {
  std::vector<IndexablePassage> batch;
  std::vector<Analyzer> analyzers;
  std::unordered_map<std::string, std::vector<Posting>> postings;
  std::vector<fmt_::PassageEntry> passages;
  std::vector<std::array<uint32_t, fmt_::kNumFields>> lengths;
  std::vector<std::string> doc_ids;
  uint64_t num_postings = 0;
};

IndexBuilder::IndexBuilder(IndexBuildOptions options)
    : options_(options), state_(std::make_unique<State>()) {
  if (options_.threads <= 0) {
    options_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }
  state_->analyzers = std::vector<Analyzer>(static_cast<size_t>(options_.threads));
}

IndexBuilder::~IndexBuilder() = default;

void IndexBuilder::Add(IndexablePassage passage) {
  state_->batch.push_back(std::move(passage));
  if (state_->batch.size() >= options_.batch_passages) FlushBatch();
}

void IndexBuilder::FlushBatch() {
  auto& batch = state_->batch;
  if (batch.empty()) return;
  std::vector<AnalyzedPassage> analyzed(batch.size());
  size_t threads = std::min<size_t>(static_cast<size_t>(options_.threads), batch.size());
  auto work = [&](size_t t) {
    std::vector<Token> scratch;
    for (size_t i = t; i < batch.size(); i += threads) {
      AnalyzePassage(state_->analyzers[t], batch[i], &analyzed[i], &scratch);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();

  for (size_t i = 0; i < batch.size(); ++i) {
    const IndexablePassage& p = batch[i];
    if (state_->doc_ids.empty() || state_->doc_ids.back() != p.doc_id) {
      state_->doc_ids.push_back(p.doc_id);
    }
    auto number = static_cast<uint32_t>(state_->passages.size());
    fmt_::PassageEntry entry{};
    entry.doc = static_cast<uint32_t>(state_->doc_ids.size() - 1);
    entry.ordinal = static_cast<uint16_t>(std::clamp(p.ordinal, 0, 65535));
    entry.kind = static_cast<uint8_t>(p.kind);
    entry.flags = static_cast<uint8_t>((p.retracted ? 1 : 0) | (p.patient_audience ? 2 : 0));
    entry.year = static_cast<uint16_t>(std::clamp(p.year, 0, 65535));
    state_->passages.push_back(entry);
    state_->lengths.push_back(analyzed[i].lengths);
    for (auto& [term, tf] : analyzed[i].terms) {
      state_->postings[term].push_back({number, tf});
      ++state_->num_postings;
    }
  }
  batch.clear();
}

Status IndexBuilder::Finish(const std::string& dir, IndexBuildStats* stats) {
  FlushBatch();
  State& s = *state_;
  const ScoringParams& params = options_.params;
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) {
    return Status::InvalidArgument("index directory " + dir + " already exists");
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("creating " + dir + ": " + ec.message());

  // Field length normalisation per passage.
  const size_t n = s.passages.size();
  double avg[fmt_::kNumFields] = {0, 0, 0};
  for (const auto& len : s.lengths) {
    for (int f = 0; f < fmt_::kNumFields; ++f) avg[f] += len[f];
  }
  for (double& a : avg) a = n > 0 ? std::max(a / static_cast<double>(n), 1e-9) : 1.0;
  for (size_t i = 0; i < n; ++i) {
    for (int f = 0; f < fmt_::kNumFields; ++f) {
      double norm = 1.0 - params.b[f] + params.b[f] * s.lengths[i][f] / avg[f];
      s.passages[i].inv_norm[f] = static_cast<float>(1.0 / std::max(norm, 1e-6));
    }
  }

  // Postings and lexicon, terms in byte order.
  std::vector<const std::string*> terms;
  terms.reserve(s.postings.size());
  for (const auto& [term, list] : s.postings) terms.push_back(&term);
  std::sort(terms.begin(), terms.end(), [](auto* a, auto* b) { return *a < *b; });

  std::string postings_bytes, lexicon_entries, term_bytes;
  for (const std::string* term : terms) {
    const std::vector<Posting>& list = s.postings[*term];
    fmt_::LexiconEntry entry{};
    entry.postings_offset = postings_bytes.size();
    entry.term_offset = static_cast<uint32_t>(term_bytes.size());
    entry.term_length = static_cast<uint32_t>(term->size());
    entry.doc_freq = static_cast<uint32_t>(list.size());
    entry.num_blocks =
        static_cast<uint32_t>((list.size() + fmt_::kBlockSize - 1) / fmt_::kBlockSize);
    entry.idf = Bm25Idf(n, list.size());
    term_bytes += *term;

    std::string table, data;
    uint32_t prev = 0;
    float term_max = 0;
    for (size_t start = 0; start < list.size(); start += fmt_::kBlockSize) {
      size_t end = std::min(list.size(), start + fmt_::kBlockSize);
      fmt_::BlockEntry block{};
      block.data_offset = static_cast<uint32_t>(data.size());
      for (size_t i = start; i < end; ++i) {
        const Posting& p = list[i];
        varbyte::Append(p.passage - prev, &data);
        prev = p.passage;
        varbyte::Append(p.tf[fmt_::kBody], &data);
        uint32_t title = std::min<uint32_t>(p.tf[fmt_::kTitle], 15);
        uint32_t keywords = std::min<uint32_t>(p.tf[fmt_::kKeywords], 15);
        data.push_back(static_cast<char>(title << 4 | keywords));
        uint32_t tf[fmt_::kNumFields] = {title, p.tf[fmt_::kBody], keywords};
        block.max_impact =
            std::max(block.max_impact, Bm25fImpact(params, tf, s.passages[p.passage].inv_norm));
      }
      block.last_passage = prev;
      term_max = std::max(term_max, block.max_impact);
      AppendPod(block, &table);
    }
    entry.max_impact = term_max;
    postings_bytes += table;
    postings_bytes += data;
    AppendPod(entry, &lexicon_entries);
  }

  std::string lexicon;
  AppendPod(fmt_::FileHeader{fmt_::kMagic, fmt_::kVersion, terms.size()}, &lexicon);
  lexicon += lexicon_entries;
  lexicon += term_bytes;

  std::string passages;
  AppendPod(fmt_::FileHeader{fmt_::kMagic, fmt_::kVersion, n}, &passages);
  for (const auto& p : s.passages) AppendPod(p, &passages);

  std::string docs;
  AppendPod(fmt_::FileHeader{fmt_::kMagic, fmt_::kVersion, s.doc_ids.size()}, &docs);
  uint32_t offset = 0;
  for (const auto& id : s.doc_ids) {
    AppendPod(offset, &docs);
    offset += static_cast<uint32_t>(id.size());
  }
  AppendPod(offset, &docs);
  for (const auto& id : s.doc_ids) docs += id;

  std::string postings_file;
  AppendPod(fmt_::FileHeader{fmt_::kMagic, fmt_::kVersion, s.num_postings}, &postings_file);
  postings_file += postings_bytes;

  nlohmann::json meta = {
      {"format_version", fmt_::kVersion},
      {"passages", n},
      {"documents", s.doc_ids.size()},
      {"terms", terms.size()},
      {"postings", s.num_postings},
      {"block_size", fmt_::kBlockSize},
      {"scoring",
       {{"model", "BM25F"},
        {"k1", params.k1},
        {"weight", {params.weight[0], params.weight[1], params.weight[2]}},
        {"b", {params.b[0], params.b[1], params.b[2]}},
        {"avg_length", {avg[0], avg[1], avg[2]}}}},
  };

  const std::pair<const char*, const std::string*> files[] = {{"lexicon.bin", &lexicon},
                                                              {"postings.bin", &postings_file},
                                                              {"passages.bin", &passages},
                                                              {"docs.bin", &docs}};
  uint64_t bytes = 0;
  for (const auto& [name, data] : files) {
    EVIDENT_RETURN_IF_ERROR(WriteFileSynced(dir + "/" + name, *data));
    bytes += data->size();
  }
  std::string meta_text = meta.dump(2) + "\n";
  EVIDENT_RETURN_IF_ERROR(WriteFileSynced(dir + "/meta.json", meta_text));
  bytes += meta_text.size();

  if (stats != nullptr) {
    stats->passages = n;
    stats->documents = s.doc_ids.size();
    stats->terms = terms.size();
    stats->postings = s.num_postings;
    stats->bytes = bytes;
  }
  s.postings.clear();
  return Status::OK();
}

}  // namespace evident
