// Password hashing for reviewer accounts: argon2id (RFC 9106) through libsodium's
// crypto_pwhash_str, which draws a random salt and encodes the algorithm, its cost and the salt
// into the string it returns, so verification needs only that string. Passwords are never stored,
// logged or returned.
// Thread-safety: the functions are thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace evident {

//! argon2id's cost: passes over memory, and memory in bytes.
struct PasswordCost {
  uint64_t ops = 0;
  size_t memory_bytes = 0;
  //! libsodium's "interactive" cost (2 passes, 64 MiB): about 0.1-0.3 s on one core.
  static PasswordCost Interactive();
  //! The least argon2id allows; for tests only.
  static PasswordCost Minimum();
};

constexpr size_t kMinPasswordChars = 12;
constexpr size_t kMaxPasswordBytes = 1024;

//! InvalidArgument unless the password has 12 characters to 1024 bytes.
Status CheckPasswordStrength(const std::string& password);
//! The argon2id hash of `password` ("$argon2id$v=19$m=65536,t=2,p=1$..."); IOError if libsodium
//! cannot get the memory.
Result<std::string> HashPassword(const std::string& password,
                                 const PasswordCost& cost = PasswordCost::Interactive());
//! True when `password` is the one `hash` was made from (in constant time for the comparison).
bool VerifyPassword(const std::string& hash, const std::string& password);
//! True when `hash` was not made by argon2id at `cost` (another algorithm, or a cost since
//! changed), so the password should be hashed again the next time it is known (at sign-in).
bool PasswordNeedsRehash(const std::string& hash, const PasswordCost& cost);

}  // namespace evident
