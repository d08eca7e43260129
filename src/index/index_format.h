// The on-disk layout of one index generation (documented in docs/index_format.md). Every file is
// written once by IndexBuilder and then only memory-mapped read-only by IndexReader; all integers
// are little-endian, all structs here are laid out exactly as on disk.
#pragma once

#include <cstdint>

namespace evident::index_format {

constexpr uint32_t kMagic = 0x45564958;  // "EVIX"
constexpr uint32_t kVersion = 1;
constexpr uint32_t kBlockSize = 128;  //!< postings per block
constexpr int kNumFields = 3;         //!< title, body, keywords
enum Field : int { kTitle = 0, kBody = 1, kKeywords = 2 };

//! lexicon.bin: FileHeader, then `count` LexiconEntry sorted by term bytes, then the term bytes.
struct FileHeader {
  uint32_t magic;
  uint32_t version;
  uint64_t count;
};

struct LexiconEntry {
  uint64_t postings_offset;  //!< byte offset of the term's block table in postings.bin
  uint32_t term_offset;      //!< offset of the term bytes in the string area
  uint32_t term_length;
  uint32_t doc_freq;  //!< passages containing the term
  uint32_t num_blocks;
  float idf;         //!< BM25 idf, precomputed
  float max_impact;  //!< max over postings of the saturated tf part (score / idf)
};

//! postings.bin: for each term, `num_blocks` BlockEntry, then the blocks' bytes. A block holds up
//! to kBlockSize postings: passage gaps (first gap from the previous block's last passage, or
//! from 0) then, per posting, a body tf varbyte and one byte packing min(title tf,15) << 4 |
//! min(keywords tf,15)... both varbyte-coded.
struct BlockEntry {
  uint32_t last_passage;  //!< largest passage number in the block
  uint32_t data_offset;   //!< offset of the block's bytes from the end of the block table
  float max_impact;       //!< max saturated tf part in the block
};

//! passages.bin: FileHeader (count = passages), then one PassageEntry per passage number.
struct PassageEntry {
  uint32_t doc;      //!< document number (index into docs.bin)
  uint16_t ordinal;  //!< passage ordinal within its document ("#<n>")
  uint8_t kind;      //!< SourceKind
  uint8_t flags;     //!< bit 0: retracted; bit 1: patient audience
  uint16_t year;
  uint16_t reserved;
  float inv_norm[kNumFields];  //!< 1 / (1 - b + b * len_f / avglen_f) per field
};

//! docs.bin: FileHeader (count = documents), then count+1 uint32 offsets into the id bytes that
//! follow (document ids, e.g. "pmid:123", in document-number order).

}  // namespace evident::index_format
