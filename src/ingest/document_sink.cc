#include "ingest/document_sink.h"

namespace evident {

std::string IngestError::ToString() const {
  std::string out = "parsing " + path;
  if (!position.empty()) out += ": " + position;
  return out + ": " + message;
}

}  // namespace evident
