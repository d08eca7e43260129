#include "common/document.h"

namespace evident {

const char* SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kResearch:
      return "research";
    case SourceKind::kGuideline:
      return "guideline";
    case SourceKind::kConsumer:
      return "consumer";
  }
  return "research";
}

SourceKind SourceKindFromName(const std::string& name) {
  if (name == "guideline") return SourceKind::kGuideline;
  if (name == "consumer") return SourceKind::kConsumer;
  return SourceKind::kResearch;
}

}  // namespace evident
