#include "cli/composer_flags.h"

#include <cstdlib>

namespace evident::cli {

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

}  // namespace

void AddComposerFlags(CLI::App* cmd, ComposerFlags& flags) {
  flags.llm_url = Env("EVIDENT_LLM_URL");
  flags.llm_model = Env("EVIDENT_LLM_MODEL");
  cmd->add_option("--composer", flags.composer,
                  "extractive: quote the sources (the default); llm: let a language model "
                  "rewrite the article, keeping only sentences its cited sources support, and "
                  "fall back to extractive when it fails")
      ->capture_default_str()
      ->check(CLI::IsMember({"extractive", "llm"}));
  cmd->add_option("--llm-url", flags.llm_url,
                  "OpenAI-compatible API base, e.g. http://127.0.0.1:8081/v1 (env "
                  "EVIDENT_LLM_URL; key, if needed, in EVIDENT_LLM_API_KEY)");
  cmd->add_option("--llm-model", flags.llm_model, "Model name to ask for (env EVIDENT_LLM_MODEL)");
  cmd->add_option("--llm-timeout", flags.llm_timeout_s,
                  "Seconds to wait for the model (to connect, then for each piece of the reply)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
}

Result<std::optional<LlmOptions>> LlmOptionsFrom(const ComposerFlags& flags) {
  if (flags.composer != "llm") return std::optional<LlmOptions>();
  if (flags.llm_url.empty()) {
    return Status::InvalidArgument("--composer llm needs --llm-url (or EVIDENT_LLM_URL)");
  }
  if (flags.llm_model.empty()) {
    return Status::InvalidArgument("--composer llm needs --llm-model (or EVIDENT_LLM_MODEL)");
  }
  LlmOptions options;
  options.url = flags.llm_url;
  options.model = flags.llm_model;
  options.api_key = Env("EVIDENT_LLM_API_KEY");
  options.timeout_ms = static_cast<int>(flags.llm_timeout_s * 1000);
  return std::optional<LlmOptions>(std::move(options));
}

std::string DescribeComposition(const ComposerReport& report) {
  std::string out;
  if (report.composer == "llm") {
    out = "composer: llm (" + report.model + "): " + std::to_string(report.kept) + " of " +
          std::to_string(report.reply_sentences) + " sentences kept, " +
          std::to_string(report.dropped.size()) + " dropped as unsupported\n";
  } else {
    out = "composer: extractive (LLM not used: " + report.fallback_reason + ")\n";
  }
  for (const auto& d : report.dropped) out += "  dropped: \"" + d.text + "\" (" + d.reason + ")\n";
  return out;
}

}  // namespace evident::cli
