// ResponseCache: replies of web services kept on disk, keyed by the request that produced them,
// so that asking again costs no request. Each entry is two files in one directory:
// <hash>.<extension> holds the reply exactly as received (an efetch entry is a PubMed XML file
// that ingest reads like any other) and <hash>.key the request it answers (a lookup checks it,
// so a hash collision is a miss, never a wrong reply). Entries are written to a temporary file
// and renamed into place, so a reader sees a whole entry or none.
// Keys must not carry secrets (API keys): they are stored in the clear.
// Thread-safety: distinct instances over one directory are safe; an entry being replaced while
// it is read is seen whole, old or new.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/status.h"

namespace evident {

class ResponseCache {
 public:
  //! `extension` of the reply files ("xml"); `dir` is created on the first Put.
  ResponseCache(std::string dir, std::string extension);

  //! The path of the reply to `key`, if one is cached and younger than `max_age` (file
  //! modification time; std::nullopt accepts any age).
  std::optional<std::string> Lookup(
      const std::string& key, std::optional<std::chrono::seconds> max_age = std::nullopt) const;

  //! Stores `reply` as the answer to `key`; returns the path of the reply file.
  Result<std::string> Put(const std::string& key, const std::string& reply) const;

  //! Where the reply to `key` is (or would be) kept.
  std::string PathOf(const std::string& key) const;

 private:
  std::string dir_;
  std::string extension_;
};

}  // namespace evident
