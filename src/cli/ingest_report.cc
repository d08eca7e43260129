#include "cli/ingest_report.h"

#include <cstdio>
#include <memory>

namespace evident::cli {

namespace {
constexpr int kMaxErrorsPrinted = 50;
}  // namespace

void ReportIngestOn(ProgressBar& bar, IngestOptions& options) {
  auto printed = std::make_shared<int>(0);
  options.on_error = [&bar, printed](const IngestError& e) {
    if (++*printed > kMaxErrorsPrinted) return;
    bar.Finish();
    std::fprintf(stderr, "warning: %s%s\n", e.ToString().c_str(),
                 *printed == kMaxErrorsPrinted ? " (further errors counted, not shown)" : "");
  };
  options.on_progress = [&bar](const IngestProgress& p) {
    double fraction = p.bytes_total > 0 ? static_cast<double>(p.bytes_done) / p.bytes_total : -1;
    std::string label = WithThousands(p.documents) +
                        (std::string(p.phase) == "indexing" ? " passages" : " documents") + ", " +
                        std::to_string(p.files_done) + "/" + std::to_string(p.files_total) +
                        " files";
    bar.Update(p.phase, std::string(p.phase) == "indexing" ? -1 : fraction, label);
  };
}

namespace {

constexpr size_t kMaxIdsListed = 20;

// "  <heading>: N" and then, one a line, the first kMaxIdsListed of `lines`.
void PrintList(const char* heading, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  std::printf("  %s: %s\n", heading, WithThousands(static_cast<long long>(lines.size())).c_str());
  for (size_t i = 0; i < lines.size() && i < kMaxIdsListed; ++i) {
    std::printf("    %s\n", lines[i].c_str());
  }
  if (lines.size() > kMaxIdsListed)
    std::printf("    ... and %zu more\n", lines.size() - kMaxIdsListed);
}

std::vector<std::string> Lines(const std::vector<WithdrawnEvidence>& documents) {
  std::vector<std::string> lines;
  for (const auto& d : documents) lines.push_back(d.doc_id + " (" + d.reason + ")");
  return lines;
}

}  // namespace

void PrintIngestSummary(const IngestSummary& s) {
  std::printf("ingested %s files (%s skipped as not corpus) in %.1f s\n",
              WithThousands(s.files_read).c_str(), WithThousands(s.files_skipped).c_str(),
              s.parse_store_seconds);
  std::printf(
      "  documents: %s parsed, %s added, %s updated, %s unchanged, %s deleted, %s superseded\n",
      WithThousands(s.documents_parsed).c_str(), WithThousands(s.put.added).c_str(),
      WithThousands(s.put.updated).c_str(), WithThousands(s.put.unchanged).c_str(),
      WithThousands(s.deleted).c_str(), WithThousands(s.superseded).c_str());
  std::printf("  passages: %s   errors (records skipped): %s\n",
              WithThousands(s.passages_written).c_str(), WithThousands(s.errors).c_str());
  PrintList("deleted", Lines(s.deleted_documents));
  PrintList("newly retracted", Lines(s.newly_retracted));
  std::vector<std::string> flagged;
  for (const auto& f : s.flagged) {
    flagged.push_back(f.slug + " (" + f.audience + ", version " + std::to_string(f.version) +
                      ", was " + ReviewStatusLabel(f.from) + "): " + f.comment);
  }
  PrintList("articles sent back to review", flagged);
  if (s.index_rebuilt) {
    std::printf("  index %s: %s passages, %s documents, %s terms, %.1f MiB, built in %.1f s\n",
                s.generation.c_str(),
                WithThousands(static_cast<long long>(s.index.passages)).c_str(),
                WithThousands(static_cast<long long>(s.index.documents)).c_str(),
                WithThousands(static_cast<long long>(s.index.terms)).c_str(),
                static_cast<double>(s.index.bytes) / (1 << 20), s.index_seconds);
  } else {
    std::printf("  index %s is up to date\n", s.generation.c_str());
  }
}

}  // namespace evident::cli
