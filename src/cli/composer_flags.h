// The composer flags of `evident ask` and `evident serve`: --composer extractive|llm and the
// LLM endpoint (--llm-url, --llm-model, --llm-timeout), with their environment defaults
// (EVIDENT_LLM_URL, EVIDENT_LLM_MODEL; the key in EVIDENT_LLM_API_KEY is read, never shown).
// Thread-safety: plain values.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "answer/llm_composer.h"
#include "common/status.h"

namespace evident::cli {

struct ComposerFlags {
  std::string composer = "extractive";
  std::string llm_url;
  std::string llm_model;
  double llm_timeout_s = 60;
};

//! Registers the flags on `cmd`, writing into `flags` (which must outlive parsing).
void AddComposerFlags(CLI::App* cmd, ComposerFlags& flags);

//! The LLM composer's options when --composer llm, nullopt for the extractive composer;
//! InvalidArgument when llm lacks an endpoint or a model.
Result<std::optional<LlmOptions>> LlmOptionsFrom(const ComposerFlags& flags);

//! One line for stderr: "composer: llm (MODEL): 5 of 6 sentences kept, 1 dropped as
//! unsupported" or "composer: extractive (LLM not used: REASON)", then one line per dropped
//! sentence.
std::string DescribeComposition(const ComposerReport& report);

}  // namespace evident::cli
