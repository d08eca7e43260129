// LlmComposer: the optional composer that rewrites the extractive article for fluency with a
// language model behind any OpenAI-compatible chat-completions endpoint (llama.cpp's server,
// vLLM, Ollama), and keeps only what its sources support.
//
// It never retrieves or chooses evidence itself: the prompt gives the question, the audience
// and the numbered evidence sentences of the extractive Article that AnswerComposer returned,
// and asks for sentences that cite those numbers. Every sentence of the reply is then checked by
// ClaimVerifier against the passages of the evidence it cites (each number and content word
// must be found there); unsupported sentences are dropped and counted. The verified sentences
// become the article: each goes to the section of the first evidence it cites (guidelines
// first, as in the extractive article), its citations are the references of the evidence it
// cites, and the references are renumbered in order of first use. The disclaimer says the
// article was written by a language model and checked, instead of quoted.
//
// The extractive article is the fallback, always: when the endpoint cannot be reached, times
// out, answers with an HTTP error or JSON that is not a chat completion (or a stream that is
// not one, or breaks off), when the reply is empty, or when fewer than min_kept_share of its
// sentences survive verification, Rewrite returns the extractive article unchanged and says why
// in its ComposerReport (Article::composer). An article that is not answerable is never sent to
// the model.
//
// Thread-safety: not thread-safe (it owns a ClaimVerifier's analyzer per call and an HTTP
// client); one per thread.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "answer/article.h"
#include "answer/claim_verifier.h"
#include "net/http_client.h"
#include "store/store.h"

namespace evident {

struct LlmOptions {
  //! Base URL of the OpenAI-compatible API, e.g. "http://127.0.0.1:8081/v1"; the request goes
  //! to <url>/chat/completions.
  std::string url;
  std::string model;
  //! Sent as "Authorization: Bearer ..." when not empty (env EVIDENT_LLM_API_KEY); never shown.
  std::string api_key;
  int timeout_ms = 60000;  //!< connecting, then each wait for data
  //! Low: the task is restating evidence, not inventing.
  double temperature = 0.1;
  int max_tokens = 800;
  //! Ask for a streamed reply (server-sent events) and hand each piece to Rewrite's on_draft.
  bool stream = false;
  //! Fall back to the extractive article when fewer than this share of the reply's sentences
  //! are supported: a reply that is mostly unsupported is not trusted for the rest either.
  double min_kept_share = 0.5;
  ClaimVerifierOptions verifier;
  std::shared_ptr<HttpClient> http;  //!< null: NewHttpClient()
};

//! One numbered evidence sentence given to the model: a sentence of the extractive article.
struct EvidenceSentence {
  int n = 0;  //!< the number the model cites, from 1
  std::string text;
  std::string passage_id;
  std::vector<int> references;  //!< the extractive article's reference numbers it carries
  size_t section = 0;           //!< index of its section in the extractive article
};

//! The evidence sentences of an article: every block with a source passage, in article order.
std::vector<EvidenceSentence> EvidenceOf(const Article& article);

//! Receives each piece of a streamed reply as it arrives, unverified. A status that is not OK
//! stops the reply: the article falls back to the extractive one, with that status's message in
//! the reason (the server stops a draft whose reader left, or that ran too long).
using DraftObserver = std::function<Status(std::string_view piece)>;

//! The text of a passage by id (what a sentence is verified against); nullopt if unknown.
using PassageTextLookup = std::function<std::optional<std::string>(const std::string& id)>;

//! Passage texts read from `store` (which must outlive the lookup).
PassageTextLookup PassageTextsFrom(Store* store);

class LlmComposer {
 public:
  //! `passages` gives the text each evidence sentence is verified against; where it has none,
  //! the evidence sentence itself is the source.
  LlmComposer(LlmOptions options, PassageTextLookup passages);

  //! The model's verified rewrite of `extractive`, or `extractive` itself (see above); either
  //! way its `composer` says what was done. `on_draft`, when set and streaming, receives the
  //! reply as it arrives.
  Article Rewrite(const Article& extractive, const DraftObserver& on_draft = {});

 private:
  LlmOptions options_;
  PassageTextLookup passages_;
};

//! The chat-completions request body for `extractive` (exposed for tests and docs).
nlohmann::json ChatRequest(const LlmOptions& options, const Article& extractive,
                           const std::vector<EvidenceSentence>& evidence);

}  // namespace evident
