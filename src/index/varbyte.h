// VarByte: the byte-aligned integer code the postings use (7 data bits per byte, high bit set on
// the last byte of a value). Simple, compact for the small gaps and frequencies of a passage
// index, and fast enough to decode that scoring, not decoding, dominates query time.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace evident::varbyte {

inline void Append(uint32_t value, std::string* out) {
  while (value >= 128) {
    out->push_back(static_cast<char>(value & 127));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value | 128));
}

//! Decodes one value at `p` and advances it. The caller guarantees a complete value is there.
inline uint32_t Decode(const uint8_t*& p) {
  uint32_t value = 0;
  int shift = 0;
  while (true) {
    uint8_t b = *p++;
    value |= static_cast<uint32_t>(b & 127) << shift;
    if (b & 128) return value;
    shift += 7;
  }
}

}  // namespace evident::varbyte
