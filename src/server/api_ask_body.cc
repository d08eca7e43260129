#include "server/api_ask_body.h"

#include <nlohmann/json.hpp>

#include "answer/answer_composer.h"
#include "server/article_library.h"

namespace evident {

std::variant<ApiAskRequest, ApiRequestError> ParseApiAskBody(std::string_view body) {
  using nlohmann::json;
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return ApiRequestError{"invalid_json", "the body is not a JSON object"};
  }
  ApiAskRequest request;
  auto question = parsed.find("question");
  if (question == parsed.end() || !question->is_string() ||
      NormaliseQuestion(question->get_ref<const std::string&>()).empty()) {
    return ApiRequestError{"missing_question", "\"question\" must be a non-empty string"};
  }
  request.question = question->get<std::string>();
  if (request.question.size() > kMaxQuestionBytes) {
    return ApiRequestError{"question_too_long", "\"question\" is longer than " +
                                                    std::to_string(kMaxQuestionBytes) + " bytes"};
  }
  if (auto a = parsed.find("audience"); a != parsed.end() && !a->is_null()) {
    auto audience = a->is_string() ? ParseAudience(a->get<std::string>()) : std::nullopt;
    if (!audience) {
      return ApiRequestError{"bad_audience",
                             "\"audience\" must be physician, nurse, student or patient"};
    }
    request.audience = *audience;
  }
  if (auto c = parsed.find("conversation_id"); c != parsed.end() && !c->is_null()) {
    if (!c->is_string() || !IsValidConversationId(c->get<std::string>())) {
      return ApiRequestError{"bad_conversation_id",
                             "\"conversation_id\" must be 1-64 letters, digits, '-' or '_'"};
    }
    request.conversation_id = c->get<std::string>();
  }
  return request;
}

}  // namespace evident
