#include "index/index_reader.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/input_file.h"
#include "index/varbyte.h"

namespace evident {

namespace fmt_ = index_format;

PostingCursor::PostingCursor(const IndexReader& reader, const fmt_::LexiconEntry& entry)
    : reader_(&reader), entry_(&entry) {
  blocks_ = reinterpret_cast<const uint8_t*>(reader.postings_ + entry.postings_offset);
  data_ = blocks_ + size_t{entry.num_blocks} * sizeof(fmt_::BlockEntry);
  if (entry.num_blocks > 0) {
    LoadBlock(0);
  }
}

void PostingCursor::LoadBlock(uint32_t block) {
  block_ = block;
  if (block >= entry_->num_blocks) {
    passage_ = kEnd;
    count_ = pos_ = 0;
    return;
  }
  count_ = std::min<uint32_t>(fmt_::kBlockSize, entry_->doc_freq - block * fmt_::kBlockSize);
  const uint8_t* p = data_ + Block(block).data_offset;
  uint32_t prev = block == 0 ? 0 : Block(block - 1).last_passage;
  for (uint32_t i = 0; i < count_; ++i) {
    prev += varbyte::Decode(p);
    passages_[i] = prev;
    body_tf_[i] = varbyte::Decode(p);
    packed_tf_[i] = *p++;
  }
  pos_ = 0;
  passage_ = passages_[0];
}

void PostingCursor::Next() {
  if (passage_ == kEnd) return;
  if (++pos_ < count_) {
    passage_ = passages_[pos_];
    return;
  }
  LoadBlock(block_ + 1);
}

void PostingCursor::NextGeq(uint32_t target) {
  if (passage_ == kEnd || passage_ >= target) return;
  if (Block(block_).last_passage < target) {
    uint32_t b = block_ + 1;
    while (b < entry_->num_blocks && Block(b).last_passage < target) ++b;
    LoadBlock(b);
    if (passage_ == kEnd) return;
  }
  while (passages_[pos_] < target) ++pos_;
  passage_ = passages_[pos_];
}

float PostingCursor::Impact() const {
  uint32_t tf[fmt_::kNumFields] = {static_cast<uint32_t>(packed_tf_[pos_] >> 4), body_tf_[pos_],
                                   static_cast<uint32_t>(packed_tf_[pos_] & 15)};
  return Bm25fImpact(reader_->params_, tf, reader_->passages_[passage_].inv_norm);
}

float PostingCursor::BlockMaxImpact(uint32_t target) {
  if (shallow_block_ < block_) shallow_block_ = block_;
  while (shallow_block_ < entry_->num_blocks && Block(shallow_block_).last_passage < target) {
    ++shallow_block_;
  }
  if (shallow_block_ >= entry_->num_blocks) return 0;
  return Block(shallow_block_).max_impact;
}

namespace {

template <typename T>
Status CheckHeader(const MappedFile& file, const std::string& name, uint64_t record_size,
                   uint64_t* count) {
  if (file.size() < sizeof(fmt_::FileHeader)) return Status::Corruption(name + ": too short");
  fmt_::FileHeader h{};
  std::memcpy(&h, file.data(), sizeof(h));
  if (h.magic != fmt_::kMagic) return Status::Corruption(name + ": bad magic number");
  if (h.version != fmt_::kVersion) {
    return Status::Corruption(name + ": format version " + std::to_string(h.version) +
                              ", this build reads " + std::to_string(fmt_::kVersion));
  }
  if (record_size > 0 && file.size() < sizeof(h) + h.count * record_size) {
    return Status::Corruption(name + ": truncated");
  }
  *count = h.count;
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<IndexReader>> IndexReader::Open(const std::string& dir) {
  std::shared_ptr<IndexReader> r(new IndexReader());
  r->dir_ = dir;
  auto open = [&](const char* name, std::unique_ptr<MappedFile>* out) -> Status {
    auto f = MappedFile::Open(dir + "/" + name);
    if (!f.ok()) return f.status();
    r->size_bytes_ += (*f)->size();
    *out = std::move(*f);
    return Status::OK();
  };
  EVIDENT_RETURN_IF_ERROR(open("lexicon.bin", &r->lexicon_file_));
  EVIDENT_RETURN_IF_ERROR(open("postings.bin", &r->postings_file_));
  EVIDENT_RETURN_IF_ERROR(open("passages.bin", &r->passages_file_));
  EVIDENT_RETURN_IF_ERROR(open("docs.bin", &r->docs_file_));

  uint64_t count = 0;
  EVIDENT_RETURN_IF_ERROR(CheckHeader<fmt_::LexiconEntry>(*r->lexicon_file_, "lexicon.bin",
                                                          sizeof(fmt_::LexiconEntry), &count));
  r->num_terms_ = count;
  r->lexicon_ = reinterpret_cast<const fmt_::LexiconEntry*>(r->lexicon_file_->data() +
                                                            sizeof(fmt_::FileHeader));
  r->term_bytes_ = reinterpret_cast<const char*>(r->lexicon_ + count);

  EVIDENT_RETURN_IF_ERROR(CheckHeader<char>(*r->postings_file_, "postings.bin", 0, &count));
  r->postings_ = r->postings_file_->data() + sizeof(fmt_::FileHeader);

  EVIDENT_RETURN_IF_ERROR(CheckHeader<fmt_::PassageEntry>(*r->passages_file_, "passages.bin",
                                                          sizeof(fmt_::PassageEntry), &count));
  r->num_passages_ = static_cast<uint32_t>(count);
  r->passages_ = reinterpret_cast<const fmt_::PassageEntry*>(r->passages_file_->data() +
                                                             sizeof(fmt_::FileHeader));

  EVIDENT_RETURN_IF_ERROR(
      CheckHeader<uint32_t>(*r->docs_file_, "docs.bin", sizeof(uint32_t), &count));
  r->num_docs_ = static_cast<uint32_t>(count);
  r->doc_offsets_ =
      reinterpret_cast<const uint32_t*>(r->docs_file_->data() + sizeof(fmt_::FileHeader));
  r->doc_bytes_ = reinterpret_cast<const char*>(r->doc_offsets_ + count + 1);

  auto meta_text = ReadFileContents(dir + "/meta.json");
  if (!meta_text.ok()) return meta_text.status();
  try {
    auto meta = nlohmann::json::parse(*meta_text);
    const auto& s = meta.at("scoring");
    r->params_.k1 = s.at("k1").get<float>();
    for (int f = 0; f < fmt_::kNumFields; ++f) {
      r->params_.weight[f] = s.at("weight").at(f).get<float>();
      r->params_.b[f] = s.at("b").at(f).get<float>();
    }
  } catch (const std::exception& e) {
    return Status::Corruption(dir + "/meta.json: " + e.what());
  }
  return r;
}

std::string_view IndexReader::Term(const fmt_::LexiconEntry& entry) const {
  return {term_bytes_ + entry.term_offset, entry.term_length};
}

const fmt_::LexiconEntry* IndexReader::Lookup(std::string_view term) const {
  const fmt_::LexiconEntry* begin = lexicon_;
  const fmt_::LexiconEntry* end = lexicon_ + num_terms_;
  auto it = std::lower_bound(
      begin, end, term,
      [this](const fmt_::LexiconEntry& e, std::string_view t) { return Term(e) < t; });
  if (it == end || Term(*it) != term) return nullptr;
  return it;
}

std::string_view IndexReader::doc_id(uint32_t doc) const {
  return {doc_bytes_ + doc_offsets_[doc], doc_offsets_[doc + 1] - doc_offsets_[doc]};
}

std::string IndexReader::passage_id(uint32_t p) const {
  return std::string(doc_id(passages_[p].doc)) + "#" + std::to_string(passages_[p].ordinal);
}

}  // namespace evident
