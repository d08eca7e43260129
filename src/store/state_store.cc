#include "store/state_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>

#include "store/postgres_store.h"
#include "store/sqlite_store.h"
#include "store/state_rules.h"

namespace evident {

namespace {
constexpr size_t kMaxUsernameChars = 64;
constexpr size_t kMaxDisplayNameBytes = 200;
}  // namespace

const char* ReviewerRoleName(ReviewerRole role) {
  switch (role) {
    case ReviewerRole::kReviewer:
      return "reviewer";
    case ReviewerRole::kEditor:
      return "editor";
    case ReviewerRole::kAdmin:
      return "admin";
  }
  return "reviewer";
}

std::optional<ReviewerRole> ParseReviewerRole(const std::string& name) {
  for (ReviewerRole r : {ReviewerRole::kReviewer, ReviewerRole::kEditor, ReviewerRole::kAdmin}) {
    if (name == ReviewerRoleName(r)) return r;
  }
  return std::nullopt;
}

bool IsValidReviewerUsername(const std::string& username) {
  if (username.empty() || username.size() > kMaxUsernameChars) return false;
  return std::all_of(username.begin(), username.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

Result<std::unique_ptr<StateStore>> OpenStateStore(const std::string& location) {
  if (location.empty()) return Status::InvalidArgument("opening state store: empty location");
  if (IsPostgresLocation(location)) {
    auto pg = PostgresStore::Open(location);
    if (!pg.ok()) return pg.status();
    return std::unique_ptr<StateStore>(std::move(*pg));
  }
  auto sqlite = SqliteStore::Open(location);
  if (!sqlite.ok()) return sqlite.status();
  return std::unique_ptr<StateStore>(std::move(*sqlite));
}

namespace state_rules {

Status CheckArticleKey(const std::string& slug, const std::string& audience) {
  if (slug.empty() || audience.empty()) {
    return Status::InvalidArgument("an article needs a slug and an audience");
  }
  return Status::OK();
}

Status CheckTransition(const ReviewTransition& t) {
  EVIDENT_RETURN_IF_ERROR(CheckArticleKey(t.slug, t.audience));
  if (t.actor.empty() || t.actor == kSystemActor) {
    return Status::InvalidArgument("a review transition needs the reviewer who makes it");
  }
  if (t.version < 1) return Status::InvalidArgument("a review transition needs a version");
  return CheckReviewTransition(t.from, t.to)
      .WithContext("reviewing " + t.slug + " (" + t.audience + ")");
}

Status StaleTransition(const ReviewTransition& t, const ReviewState& current) {
  std::string what = "reviewing " + t.slug + " (" + t.audience + "): ";
  if (current.latest_version != t.version) {
    return Status::FailedPrecondition(
        what + "version " + std::to_string(t.version) + " is no longer the latest (version " +
        std::to_string(current.latest_version) + " is); reload the article and review it");
  }
  return Status::FailedPrecondition(what + "the article is " + ReviewStatusLabel(current.status) +
                                    " now, not " + ReviewStatusLabel(t.from) +
                                    "; someone acted on it first");
}

Status CheckReviewerAccount(const ReviewerAccount& account) {
  if (!IsValidReviewerUsername(account.username)) {
    return Status::InvalidArgument("a username is 1-64 of a-z, 0-9, '.', '_' and '-' (got \"" +
                                   account.username.substr(0, 80) + "\")");
  }
  if (account.display_name.size() > kMaxDisplayNameBytes) {
    return Status::InvalidArgument("a display name is at most 200 bytes");
  }
  if (account.password_hash.empty()) {
    return Status::InvalidArgument("reviewer " + account.username + " needs a password hash");
  }
  return Status::OK();
}

Status NoSuchVersion(const std::string& slug, const std::string& audience, int version) {
  return Status::NotFound("no version " + std::to_string(version) + " of article " + slug +
                          " for " + audience);
}

ReviewEvent VersionEvent(const StoredArticle& article, int version, const std::string& hash,
                         std::optional<ReviewStatus> from) {
  ReviewEvent e;
  e.slug = article.slug;
  e.audience = article.audience;
  e.version = version;
  e.version_hash = hash;
  e.action = from ? kActionNewVersion : kActionCreated;
  e.actor = kSystemActor;
  e.from = from;
  e.to = ReviewStatus::kSubmitted;
  if (!article.index_generation.empty()) e.comment = "index " + article.index_generation;
  return e;
}

ReviewEvent TransitionEvent(const ReviewTransition& t, const std::string& hash) {
  ReviewEvent e;
  e.slug = t.slug;
  e.audience = t.audience;
  e.version = t.version;
  e.version_hash = hash;
  e.action = kActionTransition;
  e.actor = t.actor;
  e.from = t.from;
  e.to = t.to;
  e.comment = t.comment;
  return e;
}

ReviewEvent CommentEvent(const std::string& slug, const std::string& audience, int version,
                         const std::string& hash, const std::string& actor, ReviewStatus status,
                         const std::string& comment) {
  ReviewEvent e;
  e.slug = slug;
  e.audience = audience;
  e.version = version;
  e.version_hash = hash;
  e.action = kActionComment;
  e.actor = actor;
  e.from = status;
  e.to = status;
  e.comment = comment;
  return e;
}

std::string FlagComment(const std::vector<std::string>& cited_ids,
                        const std::vector<WithdrawnEvidence>& withdrawn,
                        const std::vector<std::string>& recorded) {
  constexpr std::string_view kSeparator = "; ";
  auto is_recorded = [&](const std::string& reason) {
    for (const std::string& comment : recorded) {
      for (size_t start = 0; start <= comment.size();) {
        size_t end = comment.find(kSeparator, start);
        if (end == std::string::npos) end = comment.size();
        if (comment.compare(start, end - start, reason) == 0) return true;
        start = end + kSeparator.size();
      }
    }
    return false;
  };
  std::string comment;
  for (const WithdrawnEvidence& w : withdrawn) {
    if (std::find(cited_ids.begin(), cited_ids.end(), w.doc_id) == cited_ids.end()) continue;
    std::string reason = "cites " + w.doc_id + ", " + w.reason;
    if (is_recorded(reason) || comment.find(reason) != std::string::npos) continue;
    if (!comment.empty()) comment += kSeparator;
    comment += reason;
  }
  return comment;
}

ReviewEvent FlagEvent(const FlagCandidate& candidate, const std::string& comment) {
  ReviewEvent e;
  e.slug = candidate.slug;
  e.audience = candidate.audience;
  e.version = candidate.latest_version;
  e.version_hash = candidate.latest_hash;
  e.action = kActionFlagged;
  e.actor = kSystemActor;
  e.from = candidate.status;
  e.to = ReviewStatus::kSubmitted;
  e.comment = comment;
  return e;
}

std::string IdsToJson(const std::vector<std::string>& ids) {
  return nlohmann::json(ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status IdsFromJson(const std::string& text, std::vector<std::string>* ids) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_array()) return Status::Corruption("cited ids are not a JSON array");
  ids->clear();
  for (const auto& id : json) {
    if (!id.is_string()) return Status::Corruption("a cited id is not a string");
    ids->push_back(id.get<std::string>());
  }
  return Status::OK();
}

std::vector<std::string> DistinctNames(const std::vector<std::string>& actors,
                                       const std::vector<std::string>& names) {
  std::vector<std::string> seen, out;
  for (size_t i = 0; i < actors.size(); ++i) {
    if (std::find(seen.begin(), seen.end(), actors[i]) != seen.end()) continue;
    seen.push_back(actors[i]);
    out.push_back(i < names.size() && !names[i].empty() ? names[i] : actors[i]);
  }
  return out;
}

}  // namespace state_rules

}  // namespace evident
