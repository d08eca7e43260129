#include "answer/llm_composer.h"

#include <algorithm>
#include <map>

#include "answer/audience.h"
#include "answer/sentence_splitter.h"

namespace evident {

namespace {

using nlohmann::json;

std::string AudienceInstruction(const std::string& audience) {
  auto parsed = ParseAudience(audience);
  if (parsed && *parsed == Audience::kPatient) {
    return "The reader is a patient or caregiver: short sentences, and no advice beyond what "
           "the evidence says.";
  }
  if (parsed && *parsed == Audience::kStudent) {
    return "The reader is a student: explain briefly how the findings fit together.";
  }
  if (parsed && *parsed == Audience::kNurse) {
    return "The reader is a nurse or allied health professional: practical and precise.";
  }
  return "The reader is a physician: precise and technical.";
}

// Reasoning models (Qwen3, DeepSeek-R1) may put their reasoning in <think>...</think> first.
std::string WithoutThinking(std::string text) {
  for (size_t begin; (begin = text.find("<think>")) != std::string::npos;) {
    size_t end = text.find("</think>", begin);
    text.erase(begin, end == std::string::npos ? std::string::npos : end + 8 - begin);
  }
  return text;
}

// The content of a non-streamed chat completion: choices[0].message.content.
Result<std::string> CompletionText(const std::string& body) {
  json reply = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) return Status::Corruption("malformed JSON");
  if (!reply.is_object() || !reply.contains("choices") || !reply["choices"].is_array() ||
      reply["choices"].empty()) {
    if (reply.is_object() && reply.contains("error")) {
      return Status::Unavailable("the endpoint says: " + reply["error"].dump());
    }
    return Status::Corruption("no choices in the reply");
  }
  const json& message = reply["choices"][0]["message"];
  if (!message.is_object() || !message.contains("content") || !message["content"].is_string()) {
    return Status::Corruption("no message content in the reply");
  }
  return message["content"].get<std::string>();
}

// Reads a server-sent-events stream of chat-completion chunks ("data: {...}" lines, ending with
// "data: [DONE]"), collecting choices[0].delta.content. Feed returns false to stop the transfer:
// on a malformed chunk, or when the observer says stop.
class StreamReader {
 public:
  explicit StreamReader(const DraftObserver& on_draft) : on_draft_(on_draft) {}

  bool Feed(std::string_view bytes) {
    if (raw_.size() < kMaxRawBytes) raw_.append(bytes);
    buffer_.append(bytes);
    for (size_t eol; (eol = buffer_.find('\n')) != std::string::npos;) {
      std::string line = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("data:", 0) != 0) continue;  // comments, event names, blank separators
      saw_data_ = true;
      std::string payload = line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
      if (payload == "[DONE]") {
        done_ = true;
        continue;
      }
      json chunk = json::parse(payload, nullptr, false);
      const json* content = nullptr;
      if (!chunk.is_discarded() && chunk.is_object() && chunk.contains("choices") &&
          chunk["choices"].is_array() && !chunk["choices"].empty() &&
          chunk["choices"][0].contains("delta")) {
        content = &chunk["choices"][0]["delta"];
      }
      if (content == nullptr) {
        error_ = "malformed stream chunk: " + payload.substr(0, 80);
        return false;
      }
      if (content->contains("content") && (*content)["content"].is_string()) {
        std::string piece = (*content)["content"].get<std::string>();
        text_ += piece;
        if (on_draft_ && !piece.empty()) {
          stopped_ = on_draft_(piece);
          if (!stopped_.ok()) return false;
        }
      }
    }
    return true;
  }

  //! Why the transfer was cut short by us, if it was: a malformed chunk, or the observer.
  std::string StopReason() const {
    if (!error_.empty()) return "unusable reply: " + error_;
    if (!stopped_.ok()) return "stopped: " + stopped_.message();
    return "";
  }
  //! Whether any of the reply arrived (a stream that then fails broke off; it did not fail to
  //! start).
  bool started() const { return saw_data_; }

  Result<std::string> Finish() const {
    // A server that ignores "stream": true answers with one plain completion.
    if (!saw_data_) return CompletionText(raw_);
    if (!error_.empty()) return Status::Corruption(error_);
    if (!done_ && text_.empty()) return Status::Corruption("stream ended without a completion");
    return text_;
  }

 private:
  const DraftObserver& on_draft_;
  static constexpr size_t kMaxRawBytes = 1 << 20;
  std::string raw_;  // what arrived, for a reply that is not a stream
  std::string buffer_;
  std::string text_;
  bool saw_data_ = false;
  std::string error_;
  Status stopped_;
  bool done_ = false;
};

// Maps each evidence number to the text it is checked against.
std::vector<std::string> SourcesOf(const std::vector<EvidenceSentence>& evidence,
                                   const PassageTextLookup& passages) {
  std::map<std::string, std::optional<std::string>> by_passage;
  std::vector<std::string> sources;
  for (const auto& e : evidence) {
    auto it = by_passage.find(e.passage_id);
    if (it == by_passage.end()) {
      it = by_passage.emplace(e.passage_id, passages ? passages(e.passage_id) : std::nullopt).first;
    }
    // The passage, and the sentence too: the extractive text is cleaned of markup, so it may
    // differ from the stored passage in small ways.
    sources.push_back(it->second ? *it->second + "\n" + e.text : e.text);
  }
  return sources;
}

// The rewritten article: verified sentences placed in the section of their first evidence,
// references renumbered by first use.
Article Assemble(const Article& extractive, const std::vector<EvidenceSentence>& evidence,
                 const std::vector<Claim>& kept) {
  Article article = extractive;
  article.sections.clear();
  std::vector<bool> has_evidence(extractive.sections.size(), false);
  for (const auto& e : evidence) has_evidence[e.section] = true;
  std::map<int, int> renumber;  // old reference number -> new
  auto cite = [&](int old_n) {
    auto [it, added] = renumber.emplace(old_n, static_cast<int>(renumber.size()) + 1);
    return it->second;
  };
  for (size_t s = 0; s < extractive.sections.size(); ++s) {
    ArticleSection section{extractive.sections[s].heading, {}};
    if (!has_evidence[s]) {
      section.blocks = extractive.sections[s].blocks;
      for (auto& block : section.blocks) {
        for (int& n : block.citations) n = cite(n);
        for (ArticleGloss& g : block.glosses) g.citation = cite(g.citation);
      }
    }
    for (const Claim& claim : kept) {
      const EvidenceSentence& first = evidence[claim.citations.front() - 1];
      if (first.section != s) continue;
      ArticleBlock block{ArticleBlock::Kind::kParagraph, "", claim.text, {}, first.passage_id};
      for (int c : claim.citations) {
        for (int ref : evidence[c - 1].references) {
          int n = cite(ref);
          if (std::find(block.citations.begin(), block.citations.end(), n) ==
              block.citations.end()) {
            block.citations.push_back(n);
          }
        }
      }
      section.blocks.push_back(std::move(block));
    }
    if (!section.blocks.empty()) article.sections.push_back(std::move(section));
  }
  article.references.clear();
  for (const auto& ref : extractive.references) {
    auto it = renumber.find(ref.n);
    if (it == renumber.end()) continue;
    ArticleReference r = ref;
    r.n = it->second;
    if (r.cited_by) {
      auto by = renumber.find(*r.cited_by);
      r.cited_by = by == renumber.end() ? std::nullopt : std::optional<int>(by->second);
    }
    article.references.push_back(std::move(r));
  }
  std::sort(article.references.begin(), article.references.end(),
            [](const auto& a, const auto& b) { return a.n < b.n; });
  // The disclaimer must not say the sentences are quoted any more.
  const std::string quoted = "each sentence quoted from its source";
  if (size_t at = article.disclaimer.find(quoted); at != std::string::npos) {
    article.disclaimer.replace(at, quoted.size(),
                               "written by a language model from quoted evidence, each sentence "
                               "checked against the passages it cites");
  } else {
    article.disclaimer += (article.disclaimer.empty() ? "" : " ") +
                          std::string(
                              "It was written by a language model from the cited "
                              "sources; each sentence was checked against the passages "
                              "it cites.");
  }
  return article;
}

}  // namespace

std::vector<EvidenceSentence> EvidenceOf(const Article& article) {
  std::vector<EvidenceSentence> evidence;
  for (size_t s = 0; s < article.sections.size(); ++s) {
    for (const auto& block : article.sections[s].blocks) {
      if (block.kind == ArticleBlock::Kind::kSubheading || block.passage_id.empty() ||
          block.citations.empty()) {
        continue;
      }
      evidence.push_back({static_cast<int>(evidence.size()) + 1, block.text, block.passage_id,
                          block.citations, s});
    }
  }
  return evidence;
}

json ChatRequest(const LlmOptions& options, const Article& extractive,
                 const std::vector<EvidenceSentence>& evidence) {
  std::string system =
      "You write short, faithful answers to clinical questions from numbered evidence "
      "sentences, and from nothing else.\n"
      "Rules:\n"
      "- Use only facts stated in the evidence. Add no drug, outcome, number, population or "
      "recommendation that the evidence does not state.\n"
      "- End every sentence with the numbers of the evidence it restates in square brackets, "
      "like [2] or [1, 4]. Cite only numbers from the list.\n"
      "- Keep the evidence's own words for medical terms, drug names, populations and outcomes; "
      "copy every number exactly as written.\n"
      "- Keep negations and comparisons exactly as the evidence states them.\n"
      "- Write 3 to 8 sentences of plain prose: no headings, no lists, no preamble.\n" +
      AudienceInstruction(extractive.audience);
  std::string user =
      "Question: " +
      (extractive.resolved_question.empty() ? extractive.question : extractive.resolved_question) +
      "\nAudience: " + extractive.audience + "\n\nEvidence:\n";
  for (const auto& e : evidence) {
    user += "[" + std::to_string(e.n) + "] (" + extractive.sections[e.section].heading + ") " +
            e.text + "\n";
  }
  user += "\nAnswer the question from this evidence, citing it by number.";
  json request = {{"model", options.model},
                  {"messages", json::array({{{"role", "system"}, {"content", system}},
                                            {{"role", "user"}, {"content", user}}})},
                  {"temperature", options.temperature},
                  {"max_tokens", options.max_tokens},
                  {"stream", options.stream}};
  return request;
}

PassageTextLookup PassageTextsFrom(Store* store) {
  return [store](const std::string& id) -> std::optional<std::string> {
    auto views = store->GetPassageViews({id});
    if (!views.ok() || views->empty()) return std::nullopt;
    return views->front().text;
  };
}

LlmComposer::LlmComposer(LlmOptions options, PassageTextLookup passages)
    : options_(std::move(options)), passages_(std::move(passages)) {
  if (!options_.http) options_.http = NewHttpClient();
  while (!options_.url.empty() && options_.url.back() == '/') options_.url.pop_back();
}

Article LlmComposer::Rewrite(const Article& extractive, const DraftObserver& on_draft) {
  ComposerReport report;
  report.model = options_.model;
  auto fall_back = [&](std::string reason) {
    Article article = extractive;
    report.composer = "extractive";
    report.fallback_reason = std::move(reason);
    article.composer = std::move(report);
    return article;
  };
  if (!extractive.answerable) return fall_back("not answerable: nothing to rewrite");
  std::vector<EvidenceSentence> evidence = EvidenceOf(extractive);
  if (evidence.empty()) return fall_back("no evidence sentences to rewrite");

  HttpRequest request;
  request.method = "POST";
  request.url = options_.url + "/chat/completions";
  request.content_type = "application/json";
  request.body = ChatRequest(options_, extractive, evidence).dump();
  request.timeout_ms = options_.timeout_ms;
  if (!options_.api_key.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + options_.api_key);
  }
  StreamReader stream(on_draft);
  if (options_.stream) request.on_body = [&](std::string_view bytes) { return stream.Feed(bytes); };
  auto response = options_.http->Send(request);
  if (std::string stopped = stream.StopReason(); !stopped.empty()) return fall_back(stopped);
  if (!response.ok()) {
    return fall_back((stream.started() ? "the reply broke off: " : "no reply: ") +
                     response.status().message());
  }
  if (response->status != 200) {
    return fall_back("HTTP " + std::to_string(response->status) + " from " +
                     std::string(UrlWithoutQuery(request.url)));
  }
  auto text = options_.stream ? stream.Finish() : CompletionText(response->body);
  if (!text.ok()) return fall_back("unusable reply: " + text.status().message());
  std::string reply = WithoutThinking(*text);

  ClaimVerifier verifier(SourcesOf(evidence, passages_), options_.verifier);
  SentenceSplitter splitter;
  std::vector<Claim> kept;
  for (const Sentence& sentence : splitter.Split(reply)) {
    ++report.reply_sentences;
    Claim claim = ParseClaim(sentence.text);
    ClaimCheck check = verifier.Check(claim);
    if (check.supported) {
      kept.push_back(std::move(claim));
    } else {
      report.dropped.push_back({std::string(sentence.text), check.reason});
    }
  }
  report.kept = static_cast<int>(kept.size());
  if (report.reply_sentences == 0) return fall_back("empty reply");
  if (kept.empty() || report.kept < options_.min_kept_share * report.reply_sentences) {
    return fall_back("only " + std::to_string(report.kept) + " of " +
                     std::to_string(report.reply_sentences) + " sentences supported");
  }
  Article article = Assemble(extractive, evidence, kept);
  report.composer = "llm";
  article.composer = std::move(report);
  return article;
}

}  // namespace evident
