// Fuzzes ParseResearchJsonlBuffer: research abstracts as JSON Lines, any bytes. Every input must be
// parsed to documents and errors without a crash, a sanitizer report or a broken FuzzSink
// invariant.
#include "fuzz/fuzz_sink.h"
#include "ingest/jsonl_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return evident::fuzz::ParseFuzzInput(&evident::ParseResearchJsonlBuffer, data, size);
}
