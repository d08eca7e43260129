#include "server/article_library.h"

#include <sodium.h>

#include <cctype>
#include <cstdio>

#include "answer/article.h"
#include "server/json_text.h"

namespace evident {

namespace {

// A slug taken by another question gets a hash suffix; a few tries is ample for 24-bit hashes.
constexpr int kMaxSlugCandidates = 4;
constexpr size_t kMaxConversationIdChars = 64;
// A conversation id is all it takes to continue a conversation, and a follow-up's resolved
// question quotes the conversation's first: ids must not be guessable (128 bits of libsodium's
// CSPRNG, not a seeded Mersenne Twister, whose next outputs follow from the ones it gave out).
constexpr size_t kConversationIdBytes = 16;

// FNV-1a, 64 bit (Fowler, Noll, Vo): a stable hash for slug suffixes.
uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::string SlugCandidate(const std::string& base, const std::string& key, int attempt) {
  if (attempt == 0) return base;
  char suffix[8];
  std::snprintf(suffix, sizeof(suffix), "%06llx",
                static_cast<unsigned long long>(
                    Fnv1a(attempt == 1 ? key : key + "#" + std::to_string(attempt)) & 0xFFFFFF));
  return base + "-" + suffix;
}

Result<nlohmann::json> ParseContent(const std::string& content, const std::string& slug,
                                    const std::string& audience) {
  auto json = nlohmann::json::parse(content, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::Corruption("saved article " + slug + " (" + audience + ") is not valid JSON");
  }
  return json;
}

// The document ids an article cites, in reference order.
std::vector<std::string> CitedIds(const nlohmann::json& article) {
  std::vector<std::string> ids;
  auto refs = article.find("references");
  if (refs == article.end() || !refs->is_array()) return ids;
  for (const auto& ref : *refs) {
    auto id = ref.find("id");
    if (id != ref.end() && id->is_string()) ids.push_back(id->get<std::string>());
  }
  return ids;
}

// Marks each reference of `article` whose document the corpus no longer offers as evidence:
// "retracted" (with "retraction_notice", the notice's id, when the store knows one) or
// "removed" (deleted since it was cited); "withdrawn_evidence" says whether any is. References
// carried through from a guideline that were never in the corpus are left alone.
Status MarkWithdrawnReferences(Store& store, nlohmann::json* article) {
  bool withdrawn = false;
  auto refs = article->find("references");
  if (refs != article->end() && refs->is_array()) {
    for (auto& ref : *refs) {
      if (!ref.value("in_corpus", true) || !ref.contains("id") || !ref["id"].is_string()) continue;
      std::string id = ref["id"];
      auto doc = store.GetDocument(id, DocumentParts{false, false, false});
      if (!doc.ok() && !doc.status().IsNotFound()) return doc.status();
      if (!doc.ok()) {
        ref["removed"] = true;
        withdrawn = true;
      } else if (doc->retracted) {
        ref["retracted"] = true;
        auto notices = store.RetractionNoticesOf(id);
        if (!notices.ok()) return notices.status();
        if (!notices->empty()) ref["retraction_notice"] = notices->front();
        withdrawn = true;
      }
    }
  }
  (*article)["withdrawn_evidence"] = withdrawn;
  return Status::OK();
}

// What the extractive composer reports: not saved (see the header).
const nlohmann::json& ExtractiveReport() {
  static const nlohmann::json report = ComposerReportToJson(ComposerReport{});
  return report;
}

}  // namespace

std::string NormaliseQuestion(const std::string& question) {
  std::string out;
  bool pending_space = false;
  for (char c : question) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      pending_space = true;
    }
  }
  return out;
}

std::string NewConversationId() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  unsigned char bytes[kConversationIdBytes];
  randombytes_buf(bytes, sizeof(bytes));
  char hex[2 * kConversationIdBytes + 1];
  sodium_bin2hex(hex, sizeof(hex), bytes, sizeof(bytes));
  return hex;
}

bool IsValidConversationId(const std::string& id) {
  if (id.empty() || id.size() > kMaxConversationIdChars) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

ArticleLibrary::ArticleLibrary(AnswerService& service,
                               std::function<std::string()> new_conversation_id)
    : service_(service),
      new_conversation_id_(new_conversation_id ? std::move(new_conversation_id)
                                               : NewConversationId) {}

Result<LibraryArticle> ArticleLibrary::Ask(const std::string& question, Audience audience,
                                           const std::string& conversation_id,
                                           const AskProgress& progress) {
  std::string key = NormaliseQuestion(question);
  if (key.empty()) return Status::InvalidArgument("the question is empty");
  if (question.size() > kMaxQuestionBytes) {
    return Status::InvalidArgument("the question is longer than " +
                                   std::to_string(kMaxQuestionBytes) + " bytes");
  }
  if (!conversation_id.empty() && !IsValidConversationId(conversation_id)) {
    return Status::InvalidArgument("conversation_id must be 1-64 letters, digits, '-' or '_'");
  }
  Store& store = service_.store();
  bool has_context = false;
  if (!conversation_id.empty()) {
    auto turns = store.GetConversation(conversation_id);
    if (!turns.ok()) return turns.status();
    has_context = !turns->empty();
  }

  // A question that stands alone and was answered before: the saved article.
  if (!has_context) {
    auto saved = FindSaved(key, Slugify(question), audience);
    if (!saved.ok()) return saved.status();
    if (saved->has_value()) {
      bool composed = false;
      auto fresh = Fresh(**saved, &composed);
      if (!fresh.ok()) return fresh.status();
      auto json = Published(*fresh);
      if (!json.ok()) return json.status();
      std::string conversation = conversation_id.empty() ? new_conversation_id_() : conversation_id;
      EVIDENT_RETURN_IF_ERROR(
          AppendTurn(conversation, question, (*saved)->question, (*saved)->slug));
      (*json)["conversation_id"] = conversation;
      return LibraryArticle{std::move(*json), composed};
    }
  }

  AskRequest request;
  request.question = question;
  request.audience = audience;
  request.conversation_id = conversation_id;
  request.record_turn = false;  // recorded below, under the slug the article is saved as
  auto article = service_.AskWithProgress(request, progress);
  if (!article.ok()) return article.status();
  const std::string& identity =
      article->resolved_question.empty() ? article->question : article->resolved_question;
  nlohmann::json json = ArticleToJson(*article);
  if (json["slug"].get<std::string>().empty()) json["slug"] = Slugify(identity);
  EVIDENT_RETURN_IF_ERROR(Save(json, identity, audience));
  std::string conversation = !article->conversation_id.empty() ? article->conversation_id
                             : !conversation_id.empty()        ? conversation_id
                                                               : new_conversation_id_();
  EVIDENT_RETURN_IF_ERROR(AppendTurn(conversation, question, identity, json["slug"]));
  json["conversation_id"] = conversation;
  return LibraryArticle{std::move(json), true};
}

Result<LibraryArticle> ArticleLibrary::Get(const std::string& slug, Audience audience) {
  auto stored = service_.store().GetArticle(slug, AudienceName(audience));
  if (stored.ok()) {
    bool composed = false;
    auto fresh = Fresh(*stored, &composed);
    if (!fresh.ok()) return fresh.status();
    auto json = Published(*fresh);
    if (!json.ok()) return json.status();
    return LibraryArticle{std::move(*json), composed};
  }
  if (!stored.status().IsNotFound()) return stored.status();
  auto owner = SlugOwner(slug);
  if (!owner.ok()) return owner.status();
  if (!owner->found) return Status::NotFound("no article is saved as " + slug);
  AskRequest request;
  request.question = owner->question;
  request.audience = audience;
  request.record_turn = false;
  auto article = service_.Ask(request);
  if (!article.ok()) return article.status();
  nlohmann::json json = ArticleToJson(*article);
  json["slug"] = slug;  // this audience's version of that page, whatever the slug would be now
  EVIDENT_RETURN_IF_ERROR(Put(slug, audience, owner->question, json));
  auto saved = service_.store().GetArticle(slug, AudienceName(audience));
  if (!saved.ok()) return saved.status();
  auto published = Published(*saved);
  if (!published.ok()) return published.status();
  return LibraryArticle{std::move(*published), true};
}

Result<std::string> ArticleLibrary::ConversationFor(const std::string& slug,
                                                    const std::string& conversation_id) {
  if (IsValidConversationId(conversation_id)) {
    auto turns = service_.store().GetConversation(conversation_id);
    if (!turns.ok()) return turns.status();
    if (!turns->empty() && turns->back().slug == slug) return conversation_id;
  }
  auto owner = SlugOwner(slug);
  if (!owner.ok()) return owner.status();
  if (!owner->found) return Status::NotFound("no article is saved as " + slug);
  std::string id = new_conversation_id_();
  EVIDENT_RETURN_IF_ERROR(AppendTurn(id, owner->question, owner->question, slug));
  return id;
}

Result<std::vector<RecentArticle>> ArticleLibrary::Recent(int limit) {
  // Each slug is saved once per audience: read enough rows to fill `limit` distinct slugs.
  auto rows = service_.store().RecentArticles(limit * static_cast<int>(std::size(kAudiences)));
  if (!rows.ok()) return rows.status();
  std::vector<RecentArticle> out;
  for (const auto& row : *rows) {
    if (static_cast<int>(out.size()) == limit) break;
    bool seen = false;
    for (const auto& r : out) seen = seen || r.slug == row.slug;
    if (!seen) out.push_back({row.slug, row.question, row.updated_at});
  }
  return out;
}

Result<ArticleLibrary::Owner> ArticleLibrary::SlugOwner(const std::string& slug) {
  for (Audience a : kAudiences) {
    auto stored = service_.store().GetArticle(slug, AudienceName(a));
    if (stored.ok()) return Owner{stored->question, true};
    if (!stored.status().IsNotFound()) return stored.status();
  }
  return Owner{};
}

Result<std::optional<StoredArticle>> ArticleLibrary::FindSaved(const std::string& key,
                                                               const std::string& base_slug,
                                                               Audience audience) {
  for (int attempt = 0; attempt < kMaxSlugCandidates; ++attempt) {
    std::string slug = SlugCandidate(base_slug, key, attempt);
    auto owner = SlugOwner(slug);
    if (!owner.ok()) return owner.status();
    if (!owner->found) break;  // suffixed slugs are handed out in order: none further
    if (NormaliseQuestion(owner->question) != key) continue;
    auto stored = service_.store().GetArticle(slug, AudienceName(audience));
    if (stored.ok()) return std::optional<StoredArticle>(std::move(*stored));
    if (!stored.status().IsNotFound()) return stored.status();
    break;  // our question, not yet composed for this audience
  }
  return std::optional<StoredArticle>();
}

Status ArticleLibrary::Save(nlohmann::json& article, const std::string& question,
                            Audience audience) {
  std::string key = NormaliseQuestion(question);
  std::string base = article["slug"];
  for (int attempt = 0; attempt < kMaxSlugCandidates; ++attempt) {
    std::string slug = SlugCandidate(base, key, attempt);
    auto owner = SlugOwner(slug);
    if (!owner.ok()) return owner.status();
    if (owner->found && NormaliseQuestion(owner->question) != key) continue;  // taken
    article["slug"] = slug;
    if (owner->found) {
      // The same question: keep the saved version of this audience if there is one, so the
      // article stays what was shared.
      auto saved = service_.store().GetArticle(slug, AudienceName(audience));
      if (!saved.ok() && !saved.status().IsNotFound()) return saved.status();
      if (saved.ok()) {
        auto json = Published(*saved);
        if (!json.ok()) return json.status();
        article = std::move(*json);
        return Status::OK();
      }
    }
    EVIDENT_RETURN_IF_ERROR(Put(slug, audience, question, article));
    auto saved = service_.store().GetArticle(slug, AudienceName(audience));
    if (!saved.ok()) return saved.status();
    auto json = Published(*saved);
    if (!json.ok()) return json.status();
    article = std::move(*json);
    return Status::OK();
  }
  return Status::Unavailable("no free slug for \"" + question + "\" after " +
                             std::to_string(kMaxSlugCandidates) + " tries");
}

Status ArticleLibrary::Put(const std::string& slug, Audience audience, const std::string& question,
                           const nlohmann::json& article) {
  nlohmann::json content = article;
  content.erase("conversation_id");  // the asker's
  content.erase("last_updated");     // the day it was composed; versions carry their own date
  if (content.value("composer", nlohmann::json()) == ExtractiveReport()) content.erase("composer");
  StoredArticle stored;
  stored.slug = slug;
  stored.audience = AudienceName(audience);
  stored.question = question;
  stored.content = ToJsonText(content);
  stored.index_generation = service_.index_generation();
  stored.cited_ids = CitedIds(content);
  return service_.store().PutArticle(stored, nullptr);
}

Result<StoredArticle> ArticleLibrary::Fresh(const StoredArticle& stored, bool* composed) {
  std::string generation = service_.index_generation();
  auto audience = ParseAudience(stored.audience);
  *composed = false;
  if (generation.empty() || stored.index_generation == generation || !audience) return stored;
  AskRequest request;
  request.question = stored.question;
  request.audience = *audience;
  request.record_turn = false;
  auto article = service_.Ask(request);
  if (!article.ok()) return article.status();
  *composed = true;
  nlohmann::json json = ArticleToJson(*article);
  // The page keeps its address and its question as first asked (a follow-up's words).
  json["slug"] = stored.slug;
  auto before = ParseContent(stored.content, stored.slug, stored.audience);
  if (before.ok()) {
    for (const char* key : {"question", "resolved_question"}) {
      if (before->contains(key)) json[key] = (*before)[key];
    }
  }
  EVIDENT_RETURN_IF_ERROR(Put(stored.slug, *audience, stored.question, json));
  return service_.store().GetArticle(stored.slug, stored.audience);
}

Result<nlohmann::json> ArticleLibrary::Published(const StoredArticle& stored) {
  StateStore& store = service_.store();
  auto review = store.GetReviewState(stored.slug, stored.audience);
  if (!review.ok()) return review.status();
  int shown = review->approved_version > 0 ? review->approved_version : review->latest_version;
  std::string content = stored.content, saved_at = stored.updated_at;
  if (shown != stored.version) {
    auto version = store.GetArticleVersion(stored.slug, stored.audience, shown);
    if (!version.ok()) return version.status();
    content = std::move(version->content);
    saved_at = std::move(version->created_at);
  }
  auto json = ParseContent(content, stored.slug, stored.audience);
  if (!json.ok()) return json.status();
  bool approved = review->approved_version > 0;
  (*json)["status"] = ReviewStatusName(approved ? ReviewStatus::kApproved : review->status);
  (*json)["reviewed_by"] = review->reviewed_by;
  (*json)["approved_version"] =
      approved ? nlohmann::json(review->approved_version) : nlohmann::json(nullptr);
  (*json)["version"] = shown;
  (*json)["update_under_review"] = approved && review->latest_version > shown;
  (*json)["last_updated"] = saved_at.substr(0, 10);
  if (!json->contains("composer")) (*json)["composer"] = ExtractiveReport();
  EVIDENT_RETURN_IF_ERROR(MarkWithdrawnReferences(service_.store(), &*json));
  return json;
}

Status ArticleLibrary::AppendTurn(const std::string& conversation_id, const std::string& question,
                                  const std::string& resolved_question, const std::string& slug) {
  ConversationTurn turn;
  turn.conversation_id = conversation_id;
  turn.question = question;
  turn.resolved_question = resolved_question;
  turn.slug = slug;
  auto n = service_.store().AppendConversationTurn(turn);
  return n.ok() ? Status::OK() : n.status();
}

}  // namespace evident
