// PageRenderer: the HTML pages of the web app, rendered on the server from the Mustache
// templates in web/templates (embedded, see web_assets.h). Templates escape every {{value}} with
// EscapeHtml; the view models built here hold plain text only, so no source or user text can
// reach a page unescaped. Pages carry no inline script or style (the Content-Security-Policy
// forbids them); /static/app.js only enhances what already works without it.
// Thread-safety: const methods are safe to call from several threads.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "answer/audience.h"
#include "rank/searcher.h"
#include "server/article_library.h"
#include "store/store.h"

namespace evident {

//! What an article page needs besides the article.
struct ArticlePageState {
  Audience audience = Audience::kPhysician;
  std::string conversation_id;  //!< carried by the follow-up form; may be empty
};

//! The reviewer signed in on an editorial page, and the CSRF token of that page's forms.
struct ReviewerView {
  std::string username;
  std::string display_name;
  ReviewerRole role = ReviewerRole::kReviewer;
  std::string csrf;
};

struct LoginPageView {
  std::string csrf;
  std::string next;      //!< where to go after signing in (a local path)
  std::string username;  //!< as typed, when the form comes back
  std::string error;
};

struct ReviewQueueView {
  std::vector<ReviewState> items;
  std::string status;  //!< the filter: a ReviewStatusName, or empty for all
  int min_age_days = 0;
  ReviewerView reviewer;
};

struct ReviewPageView {
  ReviewState state;
  nlohmann::json article;  //!< the latest version's content
  //! The passages the article cites, to show beside it.
  std::vector<PassageView> passages;
  std::vector<ReviewEvent> events;
  ReviewerView reviewer;
  std::string notice;  //!< after an action: what was done
  std::string error;   //!< after an action that was refused: why
};

class PageRenderer {
 public:
  //! `stream_drafts`: the ask forms say (data-stream) that /static/app.js may show the
  //! language model's draft as it is written (GET /api/ask/stream); for the LLM composer.
  explicit PageRenderer(bool stream_drafts = false);

  //! The question box, example questions and recent articles; `error` (may be empty) is shown
  //! above the box with the `question` that caused it.
  std::string Home(const std::vector<RecentArticle>& recent, Audience audience,
                   const std::string& error = "", const std::string& question = "") const;
  //! An answer article (ArticleToJson), or the not-enough-evidence page when it is not
  //! answerable.
  std::string Article(const nlohmann::json& article, const ArticlePageState& state) const;
  std::string Search(const std::string& query, const std::vector<SearchHit>& hits,
                     Audience audience) const;
  std::string EditorialPolicy(Audience audience) const;

  // Editorial pages (reviewers only).
  std::string Login(const LoginPageView& view) const;
  std::string ReviewQueue(const ReviewQueueView& view) const;
  //! Comments are shown to editors and admins; a reviewer sees their own only.
  std::string Review(const ReviewPageView& view) const;
  //! The page for an HTTP error status (404, 500, 503, ...).
  std::string Error(int status, const std::string& message) const;

  //! Changes whenever a static file changes; appended to asset URLs to bust caches.
  const std::string& asset_version() const { return asset_version_; }

 private:
  std::string Render(const std::string& name, const nlohmann::json& view) const;

  std::string asset_version_;
  bool stream_drafts_ = false;
};

//! The example questions on the home page.
const std::vector<std::string>& ExampleQuestions();

}  // namespace evident
