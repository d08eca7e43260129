// GlossarySidecar: builds the patient glossary (answer/glossary.h) into every index generation
// the CLI builds (`evident ingest`, `evident index`, `evident fetch-pubmed`, `ask
// --live-pubmed`), as <generation>/glossary.jsonl, from the consumer passages of the store.
// Thread-safety: see GenerationSidecar.
#pragma once

#include "ingest/generation_sidecar.h"

namespace evident::cli {

GenerationSidecarFactory GlossarySidecar();

}  // namespace evident::cli
