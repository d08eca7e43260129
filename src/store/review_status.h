// ReviewStatus: where an article stands in editorial review, and the transitions reviewers may
// make. The workflow (PRODUCT.md, "Editorial workflow"):
//
//   Submitted ──> Under review ──> Approved
//                     │  ^
//                     v  │
//               Changes requested
//
// A new version of an article (its content changed) always returns it to Submitted; that is the
// store's doing (a "new_version" event by "system"), not a reviewer's transition. Approved is
// final for its version: the next version goes through review again.
// Thread-safety: plain functions and values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace evident {

enum class ReviewStatus { kSubmitted, kUnderReview, kApproved, kChangesRequested };

//! "submitted", "under_review", "approved", "changes_requested" (stored and in JSON).
const char* ReviewStatusName(ReviewStatus status);
//! "Submitted", "Under review", "Approved", "Changes requested" (shown to people).
const char* ReviewStatusLabel(ReviewStatus status);
std::optional<ReviewStatus> ParseReviewStatus(std::string_view name);

//! OK if a reviewer may move an article from `from` to `to`; otherwise FailedPrecondition with a
//! message naming both and what is allowed from `from`.
Status CheckReviewTransition(ReviewStatus from, ReviewStatus to);

//! Lower-case hex SHA-256 (FIPS 180-4) of `data`.
std::string Sha256Hex(std::string_view data);
//! The hash of an article version's content that audit events name: Sha256Hex(content).
inline std::string ArticleContentHash(std::string_view content) { return Sha256Hex(content); }

}  // namespace evident
