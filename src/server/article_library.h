// ArticleLibrary: the saved answer articles behind /q/{slug}. It makes articles stable and
// shareable:
//  - Asking a question that was answered before (same words after normalisation, for the same
//    audience) returns the saved article, slug and all, without composing again.
//  - A newly composed article is saved (Store::PutArticle, content = ArticleToJson without the
//    asker's conversation id) under its slug; if another question already owns that slug, the
//    new one gets the slug plus a short hash of its normalised words.
//  - Visiting a slug for an audience it was not yet composed for composes that audience's
//    version from the saved question and saves it.
//  - Every question asked is appended to its conversation, so follow-ups read in context.
//  - Saved content leaves out what differs between askers or days (the conversation id, the
//    date), so that composing the same answer again makes no new version; each save records the
//    index generation and the cited document ids (StateStore versions).
//  - After the index is replaced (a new generation), a saved article is composed again when it
//    is next asked for; it becomes a new version, back in review, only if it reads differently.
//  - Articles carry how they were written (`composer`, the ComposerReport of answer/article.h);
//    the extractive composer's plain {"composer": "extractive"} is not saved, so articles saved
//    before there was a report read the same, and it is what an article without one reports.
//  - Articles given out carry their editorial review: `status`, `reviewed_by`,
//    `approved_version`, `version` and `last_updated` (the date that version was saved). Once a
//    version is approved, readers get that version, with `update_under_review` set while a newer
//    one waits for review.
//  - Evidence withdrawn since an article was composed is shown, not hidden: each reference whose
//    document has since been retracted carries `retracted` (and `retraction_notice`, the
//    notice's id), one deleted from the corpus `removed`, and the article `withdrawn_evidence`,
//    read from the corpus each time the article is given out. (`evident ingest` of the update
//    that withdrew it also sent the article back to review: StateStore::FlagArticlesCiting.)
// Thread-safety: not thread-safe; one per request, over the request's AnswerService.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "answer/audience.h"
#include "common/status.h"
#include "server/answer_service.h"

namespace evident {

//! The identity of a question: lower-case words (ASCII letters and digits, other UTF-8 kept)
//! joined by single spaces. "What is HbA1c?" and "what is  hba1c" are the same question.
std::string NormaliseQuestion(const std::string& question);

//! True for ids the server hands out or accepts: 1-64 of [A-Za-z0-9_-].
bool IsValidConversationId(const std::string& id);

//! A new conversation id: 128 random bits (a CSPRNG) as 32 hex digits.
std::string NewConversationId();

struct LibraryArticle {
  nlohmann::json article;  //!< ArticleToJson, with this asker's conversation_id when asked
  bool composed = false;   //!< false when it came from the store
};

struct RecentArticle {
  std::string slug;
  std::string question;
  std::string updated_at;
};

class ArticleLibrary {
 public:
  //! `new_conversation_id` is a seam for tests; by default 16 random hex digits.
  explicit ArticleLibrary(AnswerService& service,
                          std::function<std::string()> new_conversation_id = {});

  //! Answers `question` for `audience` within `conversation_id` (empty: a new conversation,
  //! whose id the article carries). InvalidArgument for an empty or over-long question.
  //! `progress` hears from a newly composed answer (AnswerService::AskWithProgress); a saved
  //! article comes without any.
  Result<LibraryArticle> Ask(const std::string& question, Audience audience,
                             const std::string& conversation_id, const AskProgress& progress = {});
  //! The article saved as `slug`, composing and saving `audience`'s version if needed;
  //! NotFound if no question owns that slug.
  Result<LibraryArticle> Get(const std::string& slug, Audience audience);
  //! The conversation a follow-up asked on the page of `slug` continues: `conversation_id` if
  //! its latest turn is that article, else a new conversation whose first turn is the article's
  //! question. NotFound if no question owns `slug`.
  Result<std::string> ConversationFor(const std::string& slug, const std::string& conversation_id);
  //! The `limit` most recently updated articles, one per slug, newest first.
  Result<std::vector<RecentArticle>> Recent(int limit);

 private:
  struct Owner {
    std::string question;
    bool found = false;
  };
  //! The saved question of `slug`, in whichever audience it was saved first found.
  Result<Owner> SlugOwner(const std::string& slug);
  //! The saved article for `key` (a normalised question) near `base_slug`, if any.
  Result<std::optional<StoredArticle>> FindSaved(const std::string& key,
                                                 const std::string& base_slug, Audience audience);
  Status Save(nlohmann::json& article, const std::string& question, Audience audience);
  //! Saves `article` (composed content) as a version of (slug, audience).
  Status Put(const std::string& slug, Audience audience, const std::string& question,
             const nlohmann::json& article);
  //! What readers get of the saved article `stored`: its approved version if there is one,
  //! else its latest, with the review fields.
  Result<nlohmann::json> Published(const StoredArticle& stored);
  //! `stored`, composed again first (`*composed` set) if an older index generation composed it.
  Result<StoredArticle> Fresh(const StoredArticle& stored, bool* composed);
  Status AppendTurn(const std::string& conversation_id, const std::string& question,
                    const std::string& resolved_question, const std::string& slug);

  AnswerService& service_;
  std::function<std::string()> new_conversation_id_;
};

}  // namespace evident
