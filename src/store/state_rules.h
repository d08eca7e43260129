// Internal to the StateStore backends (sqlite_state.cc, postgres_store.cc): the checks and
// messages both apply, so that they behave alike. Not part of the store's interface.
// Thread-safety: plain functions.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "store/state_store.h"

namespace evident::state_rules {

//! InvalidArgument unless slug and audience are non-empty.
Status CheckArticleKey(const std::string& slug, const std::string& audience);
//! What every transition must satisfy before the database is asked: an actor, a version, and
//! an allowed move (CheckReviewTransition).
Status CheckTransition(const ReviewTransition& t);
//! Why a transition that passed CheckTransition did not apply to `current`: FailedPrecondition
//! naming the version or status that moved on.
Status StaleTransition(const ReviewTransition& t, const ReviewState& current);
//! InvalidArgument for a bad username, display name, or an empty password hash.
Status CheckReviewerAccount(const ReviewerAccount& account);
//! NotFound naming the version that does not exist.
Status NoSuchVersion(const std::string& slug, const std::string& audience, int version);

// The audit events the stores append (id and created_at are the store's).
//! "created" (`from` none: version 1) or "new_version" by "system", to Submitted.
ReviewEvent VersionEvent(const StoredArticle& article, int version, const std::string& hash,
                         std::optional<ReviewStatus> from);
//! A reviewer's transition of the version whose content hash is `hash`.
ReviewEvent TransitionEvent(const ReviewTransition& t, const std::string& hash);
//! A comment on a version; the status (`status`) stays.
ReviewEvent CommentEvent(const std::string& slug, const std::string& audience, int version,
                         const std::string& hash, const std::string& actor, ReviewStatus status,
                         const std::string& comment);

//! An article as FlagArticlesCiting reads it, under the store's write lock.
struct FlagCandidate {
  std::string slug;
  std::string audience;
  ReviewStatus status = ReviewStatus::kSubmitted;
  int latest_version = 0;
  std::string latest_hash;
  std::vector<std::string> cited_ids;  //!< of its latest and its approved version
};
//! The comment of the "flagged" event for an article citing `cited_ids`: "cites X, <reason>"
//! for each document of `withdrawn` it cites, joined by "; ", leaving out each already in one of
//! `recorded` (the comments of "flagged" events on its latest version). Empty: nothing to flag.
std::string FlagComment(const std::vector<std::string>& cited_ids,
                        const std::vector<WithdrawnEvidence>& withdrawn,
                        const std::vector<std::string>& recorded);
//! The "flagged" event by "system" on the candidate's latest version, back to Submitted.
ReviewEvent FlagEvent(const FlagCandidate& candidate, const std::string& comment);

//! A list of ids as JSON text ("[\"pmid:1\",\"nci:x\"]"), and back (Corruption if it is not).
std::string IdsToJson(const std::vector<std::string>& ids);
Status IdsFromJson(const std::string& text, std::vector<std::string>* ids);

//! "Display Name" for each distinct actor, in first-seen order: names[i] is shown for actors[i]
//! (the username when the account has no display name).
std::vector<std::string> DistinctNames(const std::vector<std::string>& actors,
                                       const std::vector<std::string>& names);

//! The action recorded for a reviewer's transition, a comment, a first and a new version, and
//! an article flagged because evidence it cites was withdrawn.
inline constexpr const char* kActionCreated = "created";
inline constexpr const char* kActionNewVersion = "new_version";
inline constexpr const char* kActionTransition = "transition";
inline constexpr const char* kActionComment = "comment";
inline constexpr const char* kActionFlagged = "flagged";
inline constexpr const char* kSystemActor = "system";

}  // namespace evident::state_rules
