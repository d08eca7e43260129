// ReviewerAuth: signing medical reviewers in and out of the web app.
//  - Sign-in checks the argon2id hash (server/password_hasher.h). An unknown username costs the
//    same hashing work as a known one and gets the same answer, so answers do not reveal which
//    usernames exist.
//  - Failed sign-ins are counted per username in the StateStore, so every server sharing it
//    counts them together. After `free_failures` in a row, sign-in for that username is paused
//    for `first_lockout_s`, doubling with each further failure up to `max_lockout_s`; the right
//    password is refused while paused. A success clears the count.
//  - A session is a 256-bit random token kept by the browser in a cookie; the store keeps only
//    its SHA-256, with an expiry. Disabling an account or changing its password ends its
//    sessions (StateStore).
//  - A password hashed at another cost than `password_cost` (or not with argon2id) is hashed
//    again at sign-in, when it is known. Storing the new hash ends the account's other sessions
//    (StateStore::SetReviewerPasswordHash), once.
//  - CSRF: every form carries a token derived from a secret the browser holds in an HttpOnly
//    cookie (the session token once signed in; a pre-session token on the sign-in form). A page
//    on another site can neither read the cookie nor compute the token.
// Thread-safety: a ReviewerAuth is used by one thread (its store is); the free functions are
// thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "server/password_hasher.h"
#include "store/state_store.h"

namespace evident {

struct AuthPolicy {
  int64_t session_lifetime_s = 8 * 3600;  //!< one working day
  int free_failures = 5;                  //!< failures in a row before the first pause
  int64_t first_lockout_s = 30;
  int64_t max_lockout_s = 3600;
  //! What passwords are hashed at; hashes made at another cost are renewed at sign-in.
  PasswordCost password_cost = PasswordCost::Interactive();
};

//! How long sign-in stays paused at `now_s` after `failures`; 0 when it is not.
int64_t LockoutRemainingS(const AuthPolicy& policy, const LoginFailures& failures, int64_t now_s);

//! 32 random bytes as 64 hex digits: session tokens and pre-session secrets.
std::string NewSecretToken();
//! The CSRF token of forms served to the holder of `secret`; empty for an empty secret.
std::string CsrfTokenFor(const std::string& secret);
//! True when `presented` is CsrfTokenFor(secret) and the secret is not empty (constant time).
bool CsrfTokenMatches(const std::string& secret, const std::string& presented);

class ReviewerAuth {
 public:
  explicit ReviewerAuth(StateStore& store, AuthPolicy policy = {});

  struct SignedIn {
    std::string token;  //!< for the cookie; the store has only its hash
    ReviewerSession session;
  };

  //! Signs `username` in at `now_s`. Errors: InvalidArgument "wrong username or password";
  //! FailedPrecondition for a disabled account (said only to the right password); Unavailable
  //! while sign-in is paused, with `*retry_after_s` (may be null) set to the seconds left.
  Result<SignedIn> SignIn(const std::string& username, const std::string& password, int64_t now_s,
                          int64_t* retry_after_s);
  //! The live session of `token`; NotFound if it is unknown, expired or its account disabled.
  Result<ReviewerSession> Session(const std::string& token, int64_t now_s);
  //! Ends the session of `token`.
  Status SignOut(const std::string& token);

  const AuthPolicy& policy() const { return policy_; }

 private:
  Status Paused(const std::string& username, int64_t seconds, int64_t* retry_after_s) const;

  StateStore& store_;
  AuthPolicy policy_;
};

}  // namespace evident
