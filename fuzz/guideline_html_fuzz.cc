// Fuzzes ParseGuidelineHtmlBuffer: NGC guideline summary pages (HTML), any bytes. Every input must
// be parsed to documents and errors without a crash, a sanitizer report or a broken FuzzSink
// invariant.
#include "fuzz/fuzz_sink.h"
#include "ingest/html_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return evident::fuzz::ParseFuzzInput(&evident::ParseGuidelineHtmlBuffer, data, size);
}
