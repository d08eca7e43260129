// Fuzzes ParseApiAskBody, the JSON body of POST /api/ask (server/api_ask_body.h): any bytes give
// a checked request or a 400 error with a code and a message.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "answer/answer_composer.h"
#include "fuzz/fuzz_sink.h"
#include "server/api_ask_body.h"
#include "server/article_library.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using evident::fuzz::Require;
  auto parsed =
      evident::ParseApiAskBody(std::string_view(reinterpret_cast<const char*>(data), size));
  if (auto* error = std::get_if<evident::ApiRequestError>(&parsed)) {
    Require(!error->code.empty() && !error->message.empty(), "error without code or message");
    return 0;
  }
  const auto& request = std::get<evident::ApiAskRequest>(parsed);
  Require(!evident::NormaliseQuestion(request.question).empty() &&
              request.question.size() <= evident::kMaxQuestionBytes,
          "accepted a question that is empty or too long");
  Require(
      request.conversation_id.empty() || evident::IsValidConversationId(request.conversation_id),
      "accepted a bad conversation id");
  return 0;
}
