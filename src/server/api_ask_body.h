// ApiAskBody: the JSON body of POST /api/ask read and checked before anything is asked —
//   {"question": "...", "audience": "patient" | null, "conversation_id": "..." | null}
// "question" is required: a string with at least one letter or digit and at most
// kMaxQuestionBytes bytes. "audience" (ParseAudience's names) defaults to physician and
// "conversation_id" (IsValidConversationId) to a new conversation; both may be null or absent.
// Other members are ignored. A body that breaks these rules gets the 400 error to answer with:
// a stable code for programs ("invalid_json", "missing_question", "question_too_long",
// "bad_audience", "bad_conversation_id") and a message for people (docs/api.md).
// The request body is outside input: any bytes, of any size the server accepts, give a request
// or an error, never an exception (fuzzed by fuzz/api_ask_body_fuzz.cc).
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "answer/audience.h"

namespace evident {

//! What POST /api/ask asks.
struct ApiAskRequest {
  std::string question;
  Audience audience = Audience::kPhysician;
  std::string conversation_id;  //!< empty: a new conversation
};

//! Why a request is refused with 400 Bad Request.
struct ApiRequestError {
  std::string code;     //!< "missing_question"
  std::string message;  //!< "\"question\" must be a non-empty string"
};

//! The request `body` asks for, or why it is refused.
std::variant<ApiAskRequest, ApiRequestError> ParseApiAskBody(std::string_view body);

}  // namespace evident
