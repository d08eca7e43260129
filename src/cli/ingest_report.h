// How an ingest run reports on the console, for `evident ingest` and `evident fetch-pubmed`
// alike: a progress bar on a terminal, a warning on stderr for each record skipped (the first
// kMaxErrorsPrinted, then only counted), and the closing summary of counts on stdout.
// Thread-safety: call from one thread.
#pragma once

#include "cli/progress_bar.h"
#include "ingest/corpus_ingester.h"

namespace evident::cli {

//! `options` with on_error and on_progress reporting through `bar` (which must outlive the run).
void ReportIngestOn(ProgressBar& bar, IngestOptions& options);

//! "ingested 3 files ... documents: ... index gen-...: ..." on stdout, with the documents the run
//! deleted and newly marked retracted and the articles it sent back to review, one a line.
void PrintIngestSummary(const IngestSummary& s);

}  // namespace evident::cli
