#include "server/password_hasher.h"

#include <sodium.h>

namespace evident {

namespace {

void InitSodium() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}

size_t Utf8Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Status CheckPasswordStrength(const std::string& password) {
  if (Utf8Chars(password) < kMinPasswordChars) {
    return Status::InvalidArgument("a password needs at least " +
                                   std::to_string(kMinPasswordChars) + " characters");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("a password is at most " + std::to_string(kMaxPasswordBytes) +
                                   " bytes");
  }
  return Status::OK();
}

Result<std::string> HashPassword(const std::string& password, const PasswordCost& cost) {
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::IOError("hashing a password: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  InitSodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(const std::string& hash, const PasswordCost& cost) {
  InitSodium();
  if (hash.rfind("$argon2id$", 0) != 0) return true;
  return crypto_pwhash_str_needs_rehash(hash.c_str(), cost.ops, cost.memory_bytes) != 0;
}

}  // namespace evident
