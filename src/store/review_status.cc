#include "store/review_status.h"

#include <sodium.h>

#include <cstdio>
#include <vector>

namespace evident {

namespace {

constexpr ReviewStatus kAllStatuses[] = {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview,
                                         ReviewStatus::kApproved, ReviewStatus::kChangesRequested};

bool Allowed(ReviewStatus from, ReviewStatus to) {
  switch (from) {
    case ReviewStatus::kSubmitted:
      return to == ReviewStatus::kUnderReview;
    case ReviewStatus::kUnderReview:
      return to == ReviewStatus::kApproved || to == ReviewStatus::kChangesRequested;
    case ReviewStatus::kChangesRequested:
      return to == ReviewStatus::kUnderReview;
    case ReviewStatus::kApproved:
      return false;
  }
  return false;
}

}  // namespace

const char* ReviewStatusName(ReviewStatus status) {
  switch (status) {
    case ReviewStatus::kSubmitted:
      return "submitted";
    case ReviewStatus::kUnderReview:
      return "under_review";
    case ReviewStatus::kApproved:
      return "approved";
    case ReviewStatus::kChangesRequested:
      return "changes_requested";
  }
  return "submitted";
}

const char* ReviewStatusLabel(ReviewStatus status) {
  switch (status) {
    case ReviewStatus::kSubmitted:
      return "Submitted";
    case ReviewStatus::kUnderReview:
      return "Under review";
    case ReviewStatus::kApproved:
      return "Approved";
    case ReviewStatus::kChangesRequested:
      return "Changes requested";
  }
  return "Submitted";
}

std::optional<ReviewStatus> ParseReviewStatus(std::string_view name) {
  for (ReviewStatus s : kAllStatuses) {
    if (name == ReviewStatusName(s)) return s;
  }
  return std::nullopt;
}

Status CheckReviewTransition(ReviewStatus from, ReviewStatus to) {
  if (Allowed(from, to)) return Status::OK();
  std::string allowed;
  for (ReviewStatus s : kAllStatuses) {
    if (!Allowed(from, s)) continue;
    if (!allowed.empty()) allowed += " or ";
    allowed += ReviewStatusLabel(s);
  }
  std::string message = std::string("an article cannot go from ") + ReviewStatusLabel(from) +
                        " to " + ReviewStatusLabel(to) + "; ";
  if (allowed.empty()) {
    message += std::string("nothing follows ") + ReviewStatusLabel(from) +
               " until a new version returns the article to Submitted";
  } else {
    message += std::string("from ") + ReviewStatusLabel(from) + " it can only go to " + allowed;
  }
  return Status::FailedPrecondition(message);
}

std::string Sha256Hex(std::string_view content) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  std::string hex(2 * sizeof(digest), '\0');
  sodium_bin2hex(hex.data(), hex.size() + 1, digest, sizeof(digest));
  return hex;
}

}  // namespace evident
