// ToJsonText: JSON as text for responses and the store, never throwing on text that is not
// valid UTF-8 (such bytes become U+FFFD) — source text is not always clean.
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace evident {

inline std::string ToJsonText(const nlohmann::json& json, int indent = -1) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace evident
