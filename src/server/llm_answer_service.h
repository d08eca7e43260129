// WithLlmComposer: the LLM composer for `evident serve --composer llm`. It wraps a factory of
// AnswerServices (the engine's) so that each service answers through its inner service and then
// has the LLM composer rewrite the article (answer/llm_composer.h): verified sentences only,
// and the inner, extractive article whenever the model fails. Searches and the store are the
// inner service's. Sentences are verified against passages read through the inner service's
// own store connection. AskWithProgress streams the model's draft (LlmOptions::stream) to
// AskProgress::on_draft as it arrives.
// Thread-safety: as AnswerService: each service is used by one thread at a time.
#pragma once

#include <functional>

#include "answer/llm_composer.h"
#include "server/answer_service.h"

namespace evident {

//! `on_report`, when set, is called after each rewrite with what the composer did (for logs and
//! metrics); from the thread that asked.
AnswerServiceFactory WithLlmComposer(AnswerServiceFactory inner, LlmOptions options,
                                     std::function<void(const ComposerReport&)> on_report = {});

}  // namespace evident
