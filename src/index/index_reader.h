// IndexReader: one memory-mapped, read-only index generation, and PostingCursor, the iterator
// over one term's postings that top-k retrieval drives.
// Thread-safety: an IndexReader is immutable after Open and may be shared by any number of
// threads (hold it by shared_ptr; a swap to a newer generation leaves old readers valid).
// A PostingCursor belongs to one thread.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "index/index_format.h"
#include "index/mapped_file.h"
#include "index/scoring.h"

namespace evident {

class IndexReader;

class PostingCursor {
 public:
  static constexpr uint32_t kEnd = UINT32_MAX;

  PostingCursor(const IndexReader& reader, const index_format::LexiconEntry& entry);

  //! Current passage number, kEnd when exhausted.
  uint32_t passage() const { return passage_; }
  void Next();
  //! Moves to the first posting with passage >= target.
  void NextGeq(uint32_t target);
  //! Saturated BM25F tf part of the current posting (score = idf * weight * Impact()).
  float Impact() const;
  //! Max Impact() of the block that would hold `target`, without decoding it; 0 past the end.
  float BlockMaxImpact(uint32_t target);
  uint32_t doc_freq() const { return entry_->doc_freq; }

 private:
  void LoadBlock(uint32_t block);
  //! The block table's entry `block`, copied out: a term's table follows the previous term's
  //! bytes in postings.bin, so it has no alignment to read it in place.
  index_format::BlockEntry Block(uint32_t block) const {
    index_format::BlockEntry e;
    std::memcpy(&e, blocks_ + block * sizeof(e), sizeof(e));
    return e;
  }

  const IndexReader* reader_;
  const index_format::LexiconEntry* entry_;
  const uint8_t* blocks_;  // entry_->num_blocks BlockEntry, unaligned
  const uint8_t* data_;
  uint32_t block_ = 0;          // block currently decoded
  uint32_t shallow_block_ = 0;  // block BlockMaxImpact last looked at
  uint32_t pos_ = 0, count_ = 0;
  uint32_t passage_ = kEnd;
  std::array<uint32_t, index_format::kBlockSize> passages_{};
  std::array<uint32_t, index_format::kBlockSize> body_tf_{};
  std::array<uint8_t, index_format::kBlockSize> packed_tf_{};
};

class IndexReader {
 public:
  //! Opens the generation stored in `dir`, validating headers and sizes.
  static Result<std::shared_ptr<IndexReader>> Open(const std::string& dir);

  //! The term's lexicon entry, or nullptr if the term is not in the index.
  const index_format::LexiconEntry* Lookup(std::string_view term) const;
  PostingCursor Cursor(const index_format::LexiconEntry& entry) const {
    return PostingCursor(*this, entry);
  }
  std::string_view Term(const index_format::LexiconEntry& entry) const;

  uint32_t num_passages() const { return num_passages_; }
  uint32_t num_documents() const { return num_docs_; }
  uint64_t num_terms() const { return num_terms_; }
  const index_format::PassageEntry& passage(uint32_t p) const { return passages_[p]; }
  std::string_view doc_id(uint32_t doc) const;
  //! "<doc id>#<ordinal>"
  std::string passage_id(uint32_t p) const;
  const ScoringParams& params() const { return params_; }
  const std::string& dir() const { return dir_; }
  //! Total bytes of the generation's files.
  uint64_t size_bytes() const { return size_bytes_; }

 private:
  friend class PostingCursor;
  IndexReader() = default;

  std::string dir_;
  std::unique_ptr<MappedFile> lexicon_file_, postings_file_, passages_file_, docs_file_;
  const index_format::LexiconEntry* lexicon_ = nullptr;
  const char* term_bytes_ = nullptr;
  uint64_t num_terms_ = 0;
  const uint8_t* postings_ = nullptr;
  const index_format::PassageEntry* passages_ = nullptr;
  uint32_t num_passages_ = 0;
  const uint32_t* doc_offsets_ = nullptr;
  const char* doc_bytes_ = nullptr;
  uint32_t num_docs_ = 0;
  ScoringParams params_;
  uint64_t size_bytes_ = 0;
};

}  // namespace evident
